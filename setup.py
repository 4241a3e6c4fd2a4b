"""The one compiled part of laborscreen: the candidate estimate's inner loop.

Everything else is declared in pyproject.toml. Installing needs a C compiler
and the Python headers (Debian: gcc and python3-dev).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "laborscreen.index._coverage",
            sources=["src/laborscreen/index/_coverage.c"],
            extra_compile_args=["-O2"],
        )
    ]
)
