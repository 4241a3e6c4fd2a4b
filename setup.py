"""The one compiled part of laborscreen: the candidate estimate's inner loop.

Everything else is declared in pyproject.toml. Building it needs a C compiler
and the Python headers (Debian: gcc and python3-dev); where they are missing
the install goes on without it, and a numpy version of the same kernel
(index/_coverage_numpy.py) is used instead: bulk screening at about half the speed.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "laborscreen.index._coverage",
            sources=["src/laborscreen/index/_coverage.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
