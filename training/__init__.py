"""Fine-tuning, evaluation and export of matting models (no Qt)."""
