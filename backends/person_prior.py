"""Where the people are: a soft person-probability map from the segmentation models shipped inside mediapipe.

Three looks at the photo:

* the selfie segmenter (general model, 256 x 256) on the whole photo: finds everyone, coarse edges;
* the same segmenter on a crop around the people found, so they fill its input (sharper edges, loose hair);
* the pose model's segmentation (full model), which tracks one body from head to feet: legs, raised arms and
  full-length shots that the selfie model, made for head-and-shoulders, tends to cut off, and it keeps the gaps
  between arm and body open. Near the body it tracked it weighs as much as the two selfie looks together; farther
  away it does not count, so other people in a group photo rest on the two selfie looks.

Besides the map, ``analyse`` returns the *anchors* that say where real people are: the faces found by mediapipe's
full-range face detector and the pose model's visible body landmarks. ``backends.subject`` keeps only the parts of
the map that touch an anchor, so a poster or a painted figure far from any face is dropped.

mediapipe's solution objects are not thread-safe: each thread gets its own, made on first use. Nothing here
imports mediapipe until ``load()`` or the first ``probability()``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

#: crop margin around the people found, as a fraction of their box
CROP_PAD = 0.1
#: the pose vote counts within this fraction of the long side around the tracked body
POSE_REACH = 0.05
#: mediapipe needs a few pixels to work on; smaller sides are padded up to this
MIN_SIDE = 32
#: a face counts when the detector is at least this sure; a body landmark when the pose model deems it visible
FACE_SCORE = 0.5
LANDMARK_VISIBILITY = 0.5


@dataclass
class PersonAnalysis:
    """What ``PersonPrior.analyse`` finds, all in the analysed image's pixels.

    ``probability``: soft person map (H, W) float32; ``faces``: (N, 4) float32 boxes x0, y0, x1, y1;
    ``points``: (M, 2) float32 x, y of the visible body landmarks of the one body the pose model tracks;
    ``landmarks``: (33, 3) float32 x, y, visibility of all of that body's landmarks in mediapipe's order (outside
    the image too), or (0, 3) when no body was found; ``body``: the pose model's own body mask, or None.
    """

    probability: np.ndarray
    faces: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), np.float32))
    points: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.float32))
    landmarks: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.float32))
    body: np.ndarray | None = None  #: the pose model's own body mask (H, W) float32, None when it found no body


class PersonPrior:
    """Soft person probability (H, W) float32 in [0, 1] for an RGB uint8 image, at that image's size."""

    def __init__(self, use_crop: bool = True, use_pose: bool = True):
        self.use_crop = use_crop
        self.use_pose = use_pose
        self._local = threading.local()

    # -- models, one set per thread -------------------------------------------------------------------------
    def load(self) -> None:
        """Import mediapipe and build this thread's models (slow the first time: reads the .tflite files)."""
        self._models()

    def _models(self):
        models = getattr(self._local, "models", None)
        if models is None:
            import warnings

            # mediapipe's pose graph calls a protobuf API that protobuf 4+ flags as deprecated; harmless
            warnings.filterwarnings("ignore", message=r"SymbolDatabase\.GetPrototype\(\) is deprecated")
            from mediapipe.python.solutions import face_detection, pose, selfie_segmentation

            selfie = selfie_segmentation.SelfieSegmentation(model_selection=0)
            body = None
            if self.use_pose:
                # model_complexity=1 is pose_landmark_full, the one the wheel ships (lite/heavy would download)
                body = pose.Pose(static_image_mode=True, model_complexity=1, enable_segmentation=True)
            # model_selection=1: the full-range detector (faces up to ~5 m away), shipped inside the wheel
            faces = face_detection.FaceDetection(model_selection=1, min_detection_confidence=FACE_SCORE)
            models = self._local.models = (selfie, body, faces)
        return models

    # -- the three looks --------------------------------------------------------------------------------------
    def selfie(self, rgb: np.ndarray) -> np.ndarray:
        selfie = self._models()[0]
        return _padded(lambda im: selfie.process(im).segmentation_mask, rgb)

    def pose(self, rgb: np.ndarray) -> np.ndarray | None:
        """The pose model's body mask, or None when it finds no body."""
        return self._pose(rgb)[0]

    def _pose(self, rgb: np.ndarray) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
        """(body mask or None, (M, 2) visible landmarks in pixels, (33, 3) all landmarks x, y, visibility) of the
        one body the pose model tracks."""
        body = self._models()[1]
        points = np.zeros((0, 2), np.float32)
        landmarks = np.zeros((0, 3), np.float32)
        if body is None:
            return None, points, landmarks
        found = {}

        def run(im):
            result = body.process(im)
            found["landmarks"] = result.pose_landmarks
            return result.segmentation_mask

        mask = _padded(run, rgb, allow_none=True)
        if found.get("landmarks") is not None:
            landmarks = np.array([(lm.x, lm.y, lm.visibility) for lm in found["landmarks"].landmark], np.float32)
            landmarks[:, :2] = _pixels(landmarks[:, :2], rgb.shape)
            h, w = rgb.shape[:2]
            x, y = landmarks[:, 0], landmarks[:, 1]
            visible = (landmarks[:, 2] >= LANDMARK_VISIBILITY) & (x >= 0) & (x < w) & (y >= 0) & (y < h)
            points = np.ascontiguousarray(landmarks[visible, :2])
        return mask, points, landmarks

    def faces(self, rgb: np.ndarray) -> np.ndarray:
        """(N, 4) float32 boxes x0, y0, x1, y1 (pixels, clipped to the image) of the faces found."""
        detector = self._models()[2]
        found = {}

        def run(im):
            found["detections"] = detector.process(im).detections or []
            return None

        _padded(run, rgb, allow_none=True)
        h, w = rgb.shape[:2]
        py, px = max(0, MIN_SIDE - h), max(0, MIN_SIDE - w)  # detections are relative to the padded image
        boxes = []
        for det in found["detections"]:
            b = det.location_data.relative_bounding_box
            x0, y0 = b.xmin * (w + px) - px // 2, b.ymin * (h + py) - py // 2
            x1, y1 = x0 + b.width * (w + px), y0 + b.height * (h + py)
            boxes.append((max(0.0, x0), max(0.0, y0), min(float(w), x1), min(float(h), y1)))
        out = np.array(boxes, np.float32).reshape(-1, 4)
        return out[(out[:, 2] > out[:, 0]) & (out[:, 3] > out[:, 1])]

    def probability(self, rgb: np.ndarray) -> np.ndarray:
        """Average of the selfie look, the crop look and (near its body) the pose look; zeros when nobody."""
        return self.analyse(rgb, find_faces=False).probability

    def analyse(self, rgb: np.ndarray, find_faces: bool = True) -> PersonAnalysis:
        """The soft person map and the anchors (faces, body landmarks) for an RGB uint8 image."""
        import cv2

        rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
        h, w = rgb.shape[:2]
        full = self.selfie(rgb)
        body, points, landmarks = self._pose(rgb)
        faces = self.faces(rgb) if find_faces else np.zeros((0, 4), np.float32)
        found = full > 0.5 if body is None else (full > 0.5) | (body > 0.5)
        box = _box(found, CROP_PAD)
        if box is None:
            return PersonAnalysis(np.zeros((h, w), np.float32), faces, points, landmarks, body)
        looks = [full]
        if self.use_crop:
            y0, y1, x0, x1 = box
            crop = np.zeros((h, w), np.float32)
            crop[y0:y1, x0:x1] = self.selfie(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
            looks.append(crop)
        selfie_mean = np.mean(looks, axis=0)
        if body is None or not (body > 0.5).any():
            return PersonAnalysis(selfie_mean.astype(np.float32), faces, points, landmarks, body)
        # near its body the pose model's vote weighs as much as the selfie looks together: it follows limbs and
        # leaves the gaps between arm and body open, where the selfie model, made for head and shoulders, fills them
        all_mean = (selfie_mean + body) / 2
        reach = max(1, round(POSE_REACH * max(h, w)))
        near = cv2.dilate((body > 0.5).astype(np.uint8), np.ones((3, 3), np.uint8), iterations=1)
        near = cv2.dilate(near, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1,) * 2))
        weight = cv2.blur(near.astype(np.float32), (reach | 1, reach | 1))
        prob = (weight * all_mean + (1 - weight) * selfie_mean).astype(np.float32)
        return PersonAnalysis(prob, faces, points, landmarks, body)


def _pixels(relative: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """(M, 2) float32 pixel x, y of relative (x, y) points (padding of ``_padded`` undone), inside or not."""
    h, w = shape[:2]
    py, px = max(0, MIN_SIDE - h), max(0, MIN_SIDE - w)
    pts = np.asarray(relative, np.float32).reshape(-1, 2)
    return pts * np.array([w + px, h + py], np.float32) - np.array([px // 2, py // 2], np.float32)


def _padded(run, rgb: np.ndarray, allow_none: bool = False):
    """Run a mediapipe model on ``rgb``, padding sides shorter than MIN_SIDE, and crop its mask back."""
    import cv2

    h, w = rgb.shape[:2]
    py, px = max(0, MIN_SIDE - h), max(0, MIN_SIDE - w)
    image = rgb
    if py or px:
        image = cv2.copyMakeBorder(rgb, py // 2, py - py // 2, px // 2, px - px // 2, cv2.BORDER_REPLICATE)
    mask = run(np.ascontiguousarray(image))
    if mask is None:
        if allow_none:
            return None
        mask = np.zeros(image.shape[:2], np.float32)
    mask = np.clip(np.asarray(mask, np.float32), 0.0, 1.0)
    return np.ascontiguousarray(mask[py // 2:py // 2 + h, px // 2:px // 2 + w])


def _box(mask: np.ndarray, pad: float) -> tuple[int, int, int, int] | None:
    """(y0, y1, x0, x1) around the true pixels, grown by ``pad`` of its size on every side; None if empty."""
    ys = np.flatnonzero(mask.any(axis=1))
    if ys.size == 0:
        return None
    xs = np.flatnonzero(mask.any(axis=0))
    y0, y1, x0, x1 = ys[0], ys[-1] + 1, xs[0], xs[-1] + 1
    py, px = int((y1 - y0) * pad), int((x1 - x0) * pad)
    h, w = mask.shape
    return max(0, y0 - py), min(h, y1 + py), max(0, x0 - px), min(w, x1 + px)
