"""Process entry point of a training job: ``python training/worker.py RUN_DIR`` trains ``RUN_DIR/config.json``.

Run directly or by ``paddle.distributed.launch`` (see :mod:`training.launch`). SIGINT / SIGTERM cancel cleanly
(a checkpoint at the current iteration, then exit code 130); a dataset or settings problem exits with 2, a
non-finite loss with 3. Events go to ``RUN_DIR/progress.jsonl`` (rank 0) and, as JSON lines, to stdout.
"""
from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EXIT = {"done": 0, "cancelled": 130, "nan": 3}


def main(argv=None) -> int:
    from training.config import TrainConfig
    from training.trainer import TrainError, Trainer

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: worker.py RUN_DIR", file=sys.stderr)
        return 2
    run_dir = Path(argv[0])
    config = TrainConfig.load(run_dir / "config.json")
    config.run_dir = str(run_dir)
    trainer = Trainer(config, on_event=lambda e: print(json.dumps(e), flush=True))
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: trainer.cancel())
    try:
        result = trainer.run()
    except TrainError as exc:
        print(json.dumps({"event": "end", "status": "error", "message": str(exc)}), flush=True)
        return 2
    return EXIT.get(result["status"], 1)


if __name__ == "__main__":
    sys.exit(main())
