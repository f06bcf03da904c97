"""The PaddleSeg Matting zoo as a user meets it: the catalog, downloads, the installed-model store, safe loading.

- ``catalog``: the eight zoo models as data (files, sizes, figures, recommendations, mirror URLs).
- ``safe_pickle``: reads a ``.pdparams`` (a pickle) without ever executing code from it.
- ``fingerprints`` / ``checkpoint``: tell which network a state dict belongs to, validate it, read inference models.
- ``download``: a standard-library download manager (progress, resume, retry, cancel, proxy, verification).
- ``store``: the models installed in the user data folder (``backends.paths.models_dir()``), imports, removal.

Nothing here imports Qt; paddle is imported only when a network has to be built to explain a mismatch.
"""
