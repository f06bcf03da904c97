"""The Matting Studio desktop app (PySide6): a batch folder with live preview, trimap brush, backgrounds, export.

The app is a thin Qt layer over the compute packages: pictures, mattes and exports come from ``backends``
(``cutout.matte`` / ``cutout.render``, ``batch.run_batch``), and every slow call runs in a worker
(``workers.WorkerPool``) so the UI thread never blocks on model work. Modules holding no Qt (``items``,
``matte_store``, ``previews``, ``refine``, ``tasks``) can be tested and reused without a display.
"""
