# Makes blobs.npz, the .npz fixture of TensorDataFileTests: a real numpy.savez_compressed file with int32 labels
# (numpy's default integer on some platforms), float32 points in 2x3 images, and a test set.
# Run with Debian's numpy: /usr/bin/python3 make_npz.py
import numpy as np

rng = np.random.RandomState(0)
x = rng.normal(size=(12, 2, 3)).astype(np.float32)
y = (np.arange(12) % 3).astype(np.int32)
x_test = rng.normal(size=(4, 2, 3)).astype(np.float32)
y_test = np.array([2, 1, 0, 3], dtype=np.int32)
np.savez_compressed("blobs.npz", x=x, y=y, x_test=x_test, y_test=y_test)
