/*
 * The index's name-score estimate, summed in C (see coverage.py for what the
 * estimate is and why it is optimistic).
 *
 * For one query name, every query word brings its hits: the list names it
 * reaches, how alike the words are, the list word's weight in its name, and
 * the most of the query word's weight it can pair. The sums per list name
 * are kept in scratch arrays as long as the list has names; only the names a
 * word touched are visited again, and the arrays are left zeroed for the next
 * query. A name's sums and its weight share one struct, so that adding a
 * hit touches one cache line of them rather than one per array. The sums are
 * added in word order and with the same arithmetic as the formula in
 * coverage.py documents, so the result does not depend on how many names a
 * batch holds.
 *
 * The GIL is held throughout: an Estimator is used by one thread at a time.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One list name's sums for the current query, and its total word weight. */
typedef struct {
    double query;       /* query weight paired */
    double listed;      /* list weight paired */
    double paired;      /* similarity-weighted pairing */
    double name_weight; /* the name's total word weight */
} Sums;

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;        /* list names */
    Sums *sums;             /* per list name */
    unsigned char *seen;    /* touched by a word of the current query */
    Py_ssize_t *touched;    /* the names touched, in first-touch order */
    Py_ssize_t *owner;      /* best_per_name: the part that reached each name first */
    double conflict;
    double left;
} Estimator;

typedef struct {
    Py_ssize_t name;
    double value;
} Found;

static void Estimator_free_arrays(Estimator *self) {
    PyMem_Free(self->sums);
    PyMem_Free(self->seen);
    PyMem_Free(self->touched);
    PyMem_Free(self->owner);
    self->owner = NULL;
    self->sums = NULL;
    self->seen = NULL;
    self->touched = NULL;
}

static void Estimator_dealloc(Estimator *self) {
    Estimator_free_arrays(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A float64 buffer of ``rows`` rows (C order); fills view, returns the row length or -1. */
static Py_ssize_t get_rows(PyObject *obj, Py_buffer *view, int rows, const char *what) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    int ok = view->itemsize == sizeof(double) && view->format != NULL &&
             (strcmp(view->format, "d") == 0 || strcmp(view->format, "<d") == 0 ||
              strcmp(view->format, "=d") == 0);
    if (ok && rows == 1)
        ok = view->ndim == 1;
    else if (ok)
        ok = view->ndim == 2 && view->shape[0] == rows;
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s must be a C-contiguous float64 array of %d row(s)", what,
                     rows);
        PyBuffer_Release(view);
        return -1;
    }
    return view->ndim == 1 ? view->shape[0] : view->shape[1];
}

static int Estimator_init(Estimator *self, PyObject *args, PyObject *kwds) {
    static char *keywords[] = {"name_weight", "conflict", "left", NULL};
    PyObject *weights;
    double conflict, left;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Odd", keywords, &weights, &conflict, &left))
        return -1;
    Py_buffer view;
    Py_ssize_t size = get_rows(weights, &view, 1, "name_weight");
    if (size < 0)
        return -1;
    Estimator_free_arrays(self);
    Py_ssize_t n = size > 0 ? size : 1;
    self->sums = PyMem_Calloc(n, sizeof(Sums));
    self->seen = PyMem_Calloc(n, 1);
    self->touched = PyMem_Calloc(n, sizeof(Py_ssize_t));
    self->owner = PyMem_Calloc(n, sizeof(Py_ssize_t));
    if (!self->sums || !self->seen || !self->touched || !self->owner) {
        Estimator_free_arrays(self);
        PyBuffer_Release(&view);
        PyErr_NoMemory();
        return -1;
    }
    const double *weights_in = (const double *)view.buf;
    for (Py_ssize_t i = 0; i < size; i++)
        self->sums[i].name_weight = weights_in[i];
    PyBuffer_Release(&view);
    self->size = size;
    self->conflict = conflict;
    self->left = left;
    return 0;
}

static int by_name(const void *a, const void *b) {
    Py_ssize_t x = ((const Found *)a)->name, y = ((const Found *)b)->name;
    return (x > y) - (x < y);
}

/* Zero the scratch entries of every touched name. */
static void reset(Estimator *self, Py_ssize_t count) {
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t n = self->touched[i];
        self->sums[n].query = self->sums[n].listed = self->sums[n].paired = 0.0;
        self->seen[n] = 0;
    }
}

/* Add one word's hits, counting the names touched in *count (kept up to date
 * even on failure, so that the caller can reset them); 0, or -1 with an
 * exception set. */
static int add_word(Estimator *self, PyObject *rows, double weight, Py_ssize_t *count) {
    Py_buffer view;
    Py_ssize_t length = get_rows(rows, &view, 4, "hits");
    if (length < 0)
        return -1;
    const double *names = (const double *)view.buf;
    const double *alike = names + length, *list_weight = names + 2 * length,
                 *cap = names + 3 * length;
    for (Py_ssize_t i = 0; i < length; i++) {
        double position = names[i];
        if (!(position >= 0.0 && position < (double)self->size)) {
            PyBuffer_Release(&view);
            PyErr_Format(PyExc_IndexError, "a hit names a list name outside the index (%zd names)",
                         self->size);
            return -1;
        }
        Py_ssize_t n = (Py_ssize_t)position;
        double query_weight = weight < cap[i] ? weight : cap[i];
        if (!self->seen[n]) {
            self->seen[n] = 1;
            self->touched[(*count)++] = n;
        }
        Sums *sums = &self->sums[n];
        sums->query += query_weight;
        sums->listed += list_weight[i];
        sums->paired += alike[i] * (query_weight + list_weight[i]);
    }
    PyBuffer_Release(&view);
    return 0;
}

static PyObject *Estimator_estimate(Estimator *self, PyObject *args, PyObject *kwds) {
    static char *keywords[] = {"hits", "weights", "total", "surplus", "floor", NULL};
    PyObject *hits, *weights;
    double total, surplus, floor;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOddd", keywords, &hits, &weights, &total,
                                     &surplus, &floor))
        return NULL;
    if (self->touched == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Estimator was not initialised");
        return NULL;
    }
    PyObject *hit_seq = PySequence_Fast(hits, "hits must be a sequence");
    if (hit_seq == NULL)
        return NULL;
    PyObject *weight_seq = PySequence_Fast(weights, "weights must be a sequence");
    if (weight_seq == NULL) {
        Py_DECREF(hit_seq);
        return NULL;
    }
    Py_ssize_t words = PySequence_Fast_GET_SIZE(hit_seq);
    if (PySequence_Fast_GET_SIZE(weight_seq) != words) {
        PyErr_SetString(PyExc_ValueError, "hits and weights differ in length");
        goto fail_seq;
    }
    Py_ssize_t count = 0;
    for (Py_ssize_t w = 0; w < words; w++) {
        double weight = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(weight_seq, w));
        if (weight == -1.0 && PyErr_Occurred())
            goto fail_reset;
        if (add_word(self, PySequence_Fast_GET_ITEM(hit_seq, w), weight, &count) < 0)
            goto fail_reset;
    }
    Py_DECREF(hit_seq);
    Py_DECREF(weight_seq);

    Found *found = PyMem_Malloc((size_t)(count > 0 ? count : 1) * sizeof(Found));
    if (found == NULL) {
        reset(self, count);
        return PyErr_NoMemory();
    }
    Py_ssize_t kept = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t n = self->touched[i];
        const Sums *sums = &self->sums[n];
        double q = sums->query, c = sums->listed;
        if (q + c <= 0.0)
            continue;
        double left_q = total - q;
        double left_c = sums->name_weight - c;
        if (left_c < 0.0)
            left_c = 0.0;
        double mean_alike = sums->paired / (q + c);
        double estimate = (q + c) / (q + c + surplus * (left_q + left_c)) * mean_alike;
        if (surplus < 1.0 && left_q > self->left && left_c > self->left)
            estimate = estimate * self->conflict;
        if (estimate >= floor) {
            found[kept].name = n;
            found[kept].value = estimate;
            kept++;
        }
    }
    reset(self, count);
    qsort(found, (size_t)kept, sizeof(Found), by_name);
    PyObject *result = PyList_New(kept);
    if (result == NULL) {
        PyMem_Free(found);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < kept; i++) {
        PyObject *pair = Py_BuildValue("(nd)", found[i].name, found[i].value);
        if (pair == NULL) {
            Py_DECREF(result);
            PyMem_Free(found);
            return NULL;
        }
        PyList_SET_ITEM(result, i, pair);
    }
    PyMem_Free(found);
    return result;

fail_reset:
    reset(self, count);
fail_seq:
    Py_DECREF(hit_seq);
    Py_DECREF(weight_seq);
    return NULL;
}

static int is_int64_format(const char *format) {
    if (format == NULL)
        return 0;
    if (format[0] == '<' || format[0] == '=' || format[0] == '@')
        format++;
    return (format[0] == 'l' || format[0] == 'q') && format[1] == '\0';
}

typedef struct {
    Py_buffer names;
    double alike, weight, cap;
    Py_ssize_t index;
} Part;

/* Most similar first; of equally similar words the heaviest, then the one
 * that vouches for more of the query word; then the order given. */
static int by_preference(const void *a, const void *b) {
    const Part *x = (const Part *)a, *y = (const Part *)b;
    if (x->alike != y->alike)
        return x->alike > y->alike ? -1 : 1;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    if (x->cap != y->cap)
        return x->cap > y->cap ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int by_position(const void *a, const void *b) {
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

static void release_parts(Part *parts, Py_ssize_t count) {
    for (Py_ssize_t i = 0; i < count; i++)
        PyBuffer_Release(&parts[i].names);
    PyMem_Free(parts);
}

/* best_per_name(parts): parts are (names: int64 array, alike, weight, cap) per
 * list word; for each name, the row of its preferred word (by_preference), as
 * the bytes of a (4, n) float64 array ordered by name. */
static PyObject *Estimator_best_per_name(Estimator *self, PyObject *arg) {
    if (self->touched == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Estimator was not initialised");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(arg, "parts must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n_parts = PySequence_Fast_GET_SIZE(seq);
    Part *parts = PyMem_Calloc(n_parts > 0 ? n_parts : 1, sizeof(Part));
    if (parts == NULL) {
        Py_DECREF(seq);
        return PyErr_NoMemory();
    }
    Py_ssize_t parsed = 0;
    for (; parsed < n_parts; parsed++) {
        Part *part = &parts[parsed];
        PyObject *names;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, parsed), "Oddd;a part is (names, "
                              "alike, weight, cap)", &names, &part->alike, &part->weight,
                              &part->cap))
            goto fail;
        if (PyObject_GetBuffer(names, &part->names, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
            goto fail;
        part->index = parsed;
        if (part->names.ndim != 1 || part->names.itemsize != 8 ||
            !is_int64_format(part->names.format)) {
            PyBuffer_Release(&part->names);
            PyErr_SetString(PyExc_TypeError, "a part's names must be a 1-d int64 array");
            goto fail;
        }
    }
    qsort(parts, (size_t)n_parts, sizeof(Part), by_preference);
    Py_ssize_t count = 0;
    for (Py_ssize_t p = 0; p < n_parts; p++) {
        const int64_t *names = (const int64_t *)parts[p].names.buf;
        Py_ssize_t length = parts[p].names.shape[0];
        for (Py_ssize_t i = 0; i < length; i++) {
            int64_t n = names[i];
            if (n < 0 || n >= self->size) {
                for (Py_ssize_t j = 0; j < count; j++)
                    self->seen[self->touched[j]] = 0;
                PyErr_Format(PyExc_IndexError,
                             "a part names a list name outside the index (%zd names)",
                             self->size);
                goto fail;
            }
            if (!self->seen[n]) {
                self->seen[n] = 1;
                self->owner[n] = p;
                self->touched[count++] = (Py_ssize_t)n;
            }
        }
    }
    qsort(self->touched, (size_t)count, sizeof(Py_ssize_t), by_position);
    PyObject *result = PyBytes_FromStringAndSize(NULL, 4 * count * (Py_ssize_t)sizeof(double));
    if (result != NULL) {
        double *rows = (double *)PyBytes_AS_STRING(result);
        for (Py_ssize_t i = 0; i < count; i++) {
            Py_ssize_t n = self->touched[i];
            const Part *part = &parts[self->owner[n]];
            rows[i] = (double)n;
            rows[count + i] = part->alike;
            rows[2 * count + i] = part->weight;
            rows[3 * count + i] = part->cap;
        }
    }
    for (Py_ssize_t i = 0; i < count; i++)
        self->seen[self->touched[i]] = 0;
    release_parts(parts, n_parts);
    Py_DECREF(seq);
    return result;

fail:
    release_parts(parts, parsed);
    Py_DECREF(seq);
    return NULL;
}

static PyObject *Estimator_len(Estimator *self, PyObject *unused) {
    (void)unused;
    return PyLong_FromSsize_t(self->size);
}

static PyMethodDef Estimator_methods[] = {
    {"estimate", (PyCFunction)(void (*)(void))Estimator_estimate, METH_VARARGS | METH_KEYWORDS,
     "estimate(hits, weights, total, surplus, floor) -> [(list name, estimate)] at or above "
     "floor, by list name"},
    {"best_per_name", (PyCFunction)Estimator_best_per_name, METH_O,
     "best_per_name(parts) -> bytes of a (4, n) float64 array: each name's preferred word"},
    {"size", (PyCFunction)Estimator_len, METH_NOARGS, "how many list names the estimator covers"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject EstimatorType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "laborscreen.index._coverage.Estimator",
    .tp_doc = "Estimator(name_weight, conflict, left): the name-score estimate for one query "
              "name at a time",
    .tp_basicsize = sizeof(Estimator),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Estimator_init,
    .tp_dealloc = (destructor)Estimator_dealloc,
    .tp_methods = Estimator_methods,
};

static struct PyModuleDef coverage_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "laborscreen.index._coverage",
    .m_doc = "The candidate estimate's inner loop (see laborscreen.index.coverage).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__coverage(void) {
    if (PyType_Ready(&EstimatorType) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&coverage_module);
    if (module == NULL)
        return NULL;
    Py_INCREF(&EstimatorType);
    if (PyModule_AddObject(module, "Estimator", (PyObject *)&EstimatorType) < 0) {
        Py_DECREF(&EstimatorType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
