"""The authors' blobs, made by the real scikit-learn, for ScikitLearnBlobsTests to compare with bit for bit.

Usage: make_blobs_reference.py CLASSES CLUSTERS_PER_CLASS DIM SAMPLES STD SEED SEPARATION|none STANDARDISE(0|1)
Prints "versions <sklearn> <numpy>", then one line per point: its label, then its coordinates as float.hex().
"""
import math
import sys

import numpy
import sklearn
from numpy.random import RandomState
from sklearn.datasets import make_blobs
from sklearn.preprocessing import scale

k, c, d, n = (int(a) for a in sys.argv[1:5])
std = float(sys.argv[5])
seed = int(sys.argv[6])
separation = None if sys.argv[7] == "none" else float(sys.argv[7])
standardise = sys.argv[8] == "1"

if separation is None:
    X, y = make_blobs(n_samples=n, n_features=d, centers=k * c, cluster_std=std, random_state=seed)
else:
    # HessianWeb's extension: directions from the same stream, each row normalised (squares summed left to right).
    generator = RandomState(seed)
    v = generator.standard_normal((k * c, d))
    centres = numpy.array([[separation * x / math.sqrt(sum(u * u for u in row)) for x in row] for row in v])
    X, y = make_blobs(n_samples=n, centers=centres, cluster_std=std, random_state=generator)
y = y % k
if standardise:
    X = scale(X)

print("versions", sklearn.__version__, numpy.__version__)
for label, row in zip(y, X):
    print(int(label), " ".join(float(x).hex() for x in row))
