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
 * A person's query word meets the list words near it once, when its hits are
 * built (person_hits): each list word is compared with it as the scorer
 * compares words (compare.word_similarity, mirrored in word_similarity below
 * and held to it by a test), over a compact copy of the list words
 * (set_words), and each name keeps its best word (best_per_name). In Python
 * that took two thirds of the time of a word's first sighting, and touched
 * several objects per list word, each a page for the kernel to copy in a
 * forked worker.
 *
 * The GIL is held throughout: an Estimator is used by one thread at a time.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
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

/* One list word of set_words: its text and key in ``chars``, the person
 * names holding it in ``word_names``, its weight in them. */
typedef struct {
    Py_ssize_t text, text_len, key, key_len;
    Py_ssize_t names, names_len;
    double weight;
} Word;

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;        /* list names */
    Sums *sums;             /* per list name */
    unsigned char *seen;    /* touched by a word of the current query */
    Py_ssize_t *touched;    /* the names touched, in first-touch order */
    Py_ssize_t *owner;      /* best_per_name: the part that reached each name first */
    double conflict;
    double left;
    Py_ssize_t n_words;     /* set_words */
    Word *words;
    Py_UCS4 *chars;
    int64_t *word_names;
} Estimator;

typedef struct {
    Py_ssize_t name;
    double value;
} Found;

/* 1 with a RuntimeError set when __init__ has not run (or failed), else 0. */
static int not_initialised(const Estimator *self) {
    if (self->touched != NULL)
        return 0;
    PyErr_SetString(PyExc_RuntimeError, "Estimator was not initialised");
    return 1;
}

static void Estimator_free_words(Estimator *self) {
    PyMem_Free(self->words);
    PyMem_Free(self->chars);
    PyMem_Free(self->word_names);
    self->words = NULL;
    self->chars = NULL;
    self->word_names = NULL;
    self->n_words = 0;
}

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
    Estimator_free_words(self);
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
    if (not_initialised(self))
        return NULL;
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

/* One list word's hits for best_per_name: the names holding it, how alike
 * it is to the query word, its weight in them, the most of the query word's
 * weight it can pair, and its place in the caller's order. ``view`` holds the
 * names' buffer when they came from Python (obj NULL otherwise). */
typedef struct {
    Py_buffer view;
    const int64_t *names;
    Py_ssize_t length;
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
        PyBuffer_Release(&parts[i].view);
    PyMem_Free(parts);
}

/* For each name the parts reach, the row of its preferred part
 * (by_preference), as the bytes of a (4, n) float64 array ordered by name.
 * Sorts ``parts``; NULL with an exception set on failure. */
static PyObject *best_rows(Estimator *self, Part *parts, Py_ssize_t n_parts) {
    qsort(parts, (size_t)n_parts, sizeof(Part), by_preference);
    Py_ssize_t count = 0;
    for (Py_ssize_t p = 0; p < n_parts; p++) {
        const int64_t *names = parts[p].names;
        for (Py_ssize_t i = 0; i < parts[p].length; i++) {
            int64_t n = names[i];
            if (n < 0 || n >= self->size) {
                for (Py_ssize_t j = 0; j < count; j++)
                    self->seen[self->touched[j]] = 0;
                PyErr_Format(PyExc_IndexError,
                             "a part names a list name outside the index (%zd names)",
                             self->size);
                return NULL;
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
    return result;
}

/* best_per_name(parts): parts are (names: int64 array, alike, weight, cap) per
 * list word; for each name, the row of its preferred word (by_preference), as
 * the bytes of a (4, n) float64 array ordered by name. */
static PyObject *Estimator_best_per_name(Estimator *self, PyObject *arg) {
    if (not_initialised(self))
        return NULL;
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
        if (PyObject_GetBuffer(names, &part->view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
            goto fail;
        part->index = parsed;
        if (part->view.ndim != 1 || part->view.itemsize != 8 ||
            !is_int64_format(part->view.format)) {
            PyBuffer_Release(&part->view);
            PyErr_SetString(PyExc_TypeError, "a part's names must be a 1-d int64 array");
            goto fail;
        }
        part->names = (const int64_t *)part->view.buf;
        part->length = part->view.shape[0];
    }
    PyObject *result = best_rows(self, parts, n_parts);
    release_parts(parts, n_parts);
    Py_DECREF(seq);
    return result;

fail:
    release_parts(parts, parsed);
    Py_DECREF(seq);
    return NULL;
}

/* set_words(texts, keys, names, weights): the list words person_hits compares
 * a query word with, by position: their text and phonetic key, the person
 * names holding them (int64 arrays) and their weight in those names. */
static PyObject *Estimator_set_words(Estimator *self, PyObject *args, PyObject *kwds) {
    static char *keywords[] = {"texts", "keys", "names", "weights", NULL};
    PyObject *texts_in, *keys_in, *names_in, *weights_in;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOO", keywords, &texts_in, &keys_in,
                                     &names_in, &weights_in))
        return NULL;
    if (not_initialised(self))
        return NULL;
    PyObject *seqs[4] = {NULL, NULL, NULL, NULL};
    PyObject *ins[4] = {texts_in, keys_in, names_in, weights_in};
    Word *words = NULL;
    Py_UCS4 *chars = NULL;
    int64_t *word_names = NULL;
    for (int i = 0; i < 4; i++) {
        seqs[i] = PySequence_Fast(ins[i], "set_words takes four sequences");
        if (seqs[i] == NULL)
            goto fail;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seqs[0]);
    for (int i = 1; i < 4; i++) {
        if (PySequence_Fast_GET_SIZE(seqs[i]) != n) {
            PyErr_SetString(PyExc_ValueError, "texts, keys, names and weights differ in length");
            goto fail;
        }
    }
    /* sizes first, then one allocation each */
    Py_ssize_t n_chars = 0, n_names = 0;
    for (Py_ssize_t w = 0; w < n; w++) {
        for (int i = 0; i < 2; i++) {
            PyObject *text = PySequence_Fast_GET_ITEM(seqs[i], w);
            if (!PyUnicode_Check(text)) {
                PyErr_SetString(PyExc_TypeError, "texts and keys must be str");
                goto fail;
            }
            n_chars += PyUnicode_GET_LENGTH(text);
        }
        Py_ssize_t length = PyObject_Length(PySequence_Fast_GET_ITEM(seqs[2], w));
        if (length < 0)
            goto fail;
        n_names += length;
    }
    words = PyMem_Calloc(n > 0 ? n : 1, sizeof(Word));
    chars = PyMem_Calloc(n_chars > 0 ? n_chars : 1, sizeof(Py_UCS4));
    word_names = PyMem_Calloc(n_names > 0 ? n_names : 1, sizeof(int64_t));
    if (!words || !chars || !word_names) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t at_char = 0, at_name = 0;
    for (Py_ssize_t w = 0; w < n; w++) {
        Word *word = &words[w];
        PyObject *text = PySequence_Fast_GET_ITEM(seqs[0], w);
        PyObject *key = PySequence_Fast_GET_ITEM(seqs[1], w);
        word->text = at_char;
        word->text_len = PyUnicode_GET_LENGTH(text);
        if (PyUnicode_AsUCS4(text, chars + at_char, word->text_len, 0) == NULL && word->text_len)
            goto fail;
        at_char += word->text_len;
        word->key = at_char;
        word->key_len = PyUnicode_GET_LENGTH(key);
        if (PyUnicode_AsUCS4(key, chars + at_char, word->key_len, 0) == NULL && word->key_len)
            goto fail;
        at_char += word->key_len;
        Py_buffer view;
        if (PyObject_GetBuffer(PySequence_Fast_GET_ITEM(seqs[2], w), &view,
                               PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
            goto fail;
        if (view.ndim != 1 || view.itemsize != 8 || !is_int64_format(view.format) ||
            at_name + view.shape[0] > n_names) {
            PyBuffer_Release(&view);
            PyErr_SetString(PyExc_TypeError, "a word's names must be a 1-d int64 array");
            goto fail;
        }
        const int64_t *names = (const int64_t *)view.buf;
        for (Py_ssize_t i = 0; i < view.shape[0]; i++) {
            if (names[i] < 0 || names[i] >= self->size) {
                PyBuffer_Release(&view);
                PyErr_Format(PyExc_IndexError,
                             "a word names a list name outside the index (%zd names)", self->size);
                goto fail;
            }
        }
        memcpy(word_names + at_name, names, (size_t)view.shape[0] * sizeof(int64_t));
        word->names = at_name;
        word->names_len = view.shape[0];
        at_name += view.shape[0];
        PyBuffer_Release(&view);
        word->weight = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seqs[3], w));
        if (word->weight == -1.0 && PyErr_Occurred())
            goto fail;
    }
    for (int i = 0; i < 4; i++)
        Py_DECREF(seqs[i]);
    Estimator_free_words(self);
    self->words = words;
    self->chars = chars;
    self->word_names = word_names;
    self->n_words = n;
    Py_RETURN_NONE;

fail:
    for (int i = 0; i < 4; i++)
        Py_XDECREF(seqs[i]);
    PyMem_Free(words);
    PyMem_Free(chars);
    PyMem_Free(word_names);
    return NULL;
}

/* rapidfuzz's OSA.normalized_similarity: 1 - the optimal-string-alignment
 * distance (a transposed pair of letters is one edit) over the longer length. */
static double osa_similarity(const Py_UCS4 *a, Py_ssize_t la, const Py_UCS4 *b, Py_ssize_t lb) {
    Py_ssize_t longer = la > lb ? la : lb;
    if (longer == 0)
        return 1.0;
    Py_ssize_t stack[3 * 64];
    Py_ssize_t *rows = lb < 64 ? stack : PyMem_Malloc(3 * (size_t)(lb + 1) * sizeof(Py_ssize_t));
    if (rows == NULL)
        return -1.0;
    Py_ssize_t *before = rows, *previous = rows + (lb + 1), *current = rows + 2 * (lb + 1);
    for (Py_ssize_t j = 0; j <= lb; j++)
        previous[j] = j;
    for (Py_ssize_t i = 1; i <= la; i++) {
        current[0] = i;
        for (Py_ssize_t j = 1; j <= lb; j++) {
            Py_ssize_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            Py_ssize_t best = previous[j - 1] + cost;
            if (previous[j] + 1 < best)
                best = previous[j] + 1;
            if (current[j - 1] + 1 < best)
                best = current[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            current[j] = best;
        }
        Py_ssize_t *spare = before;
        before = previous;
        previous = current;
        current = spare;
    }
    Py_ssize_t distance = previous[lb];
    if (rows != stack)
        PyMem_Free(rows);
    return 1.0 - (double)distance / (double)longer;
}

static const char *const ROMAN[] = {"i",  "ii", "iii", "iv",  "v",  "vi",
                                    "vii", "viii", "ix", "x", "xi", "xii"};

/* compare._is_number: all digits, or a Roman numeral up to twelve. */
static int is_number(const Py_UCS4 *text, Py_ssize_t length) {
    int digits = length > 0;
    for (Py_ssize_t i = 0; i < length && digits; i++)
        digits = text[i] >= '0' && text[i] <= '9';
    if (digits)
        return 1;
    for (size_t r = 0; r < sizeof(ROMAN) / sizeof(ROMAN[0]); r++) {
        const char *numeral = ROMAN[r];
        Py_ssize_t i = 0;
        while (i < length && numeral[i] != '\0' && text[i] == (Py_UCS4)numeral[i])
            i++;
        if (i == length && numeral[i] == '\0')
            return 1;
    }
    return 0;
}

/* compare._INITIAL: W and V, C and K are one first letter to Cyrillic. */
static Py_UCS4 initial_letter(Py_UCS4 letter) {
    return letter == 'w' ? 'v' : letter == 'c' ? 'k' : letter;
}

/* compare.KEY_DISCOUNT: a phonetic-key likeness counts less than a spelling one. */
#define KEY_DISCOUNT 0.05

/* compare.curve: partial spelling agreement is weak evidence. */
static double curve(double similarity) {
    if (similarity >= 0.95)
        return similarity;
    if (similarity <= 0.4)
        return 0.0;
    return pow((similarity - 0.4) / 0.55, 0.6) * 0.95;
}

/* compare.word_similarity(a, b) within one script (the only way person words
 * are compared), step for step; -1 on failure (no memory). */
static double word_similarity(const Py_UCS4 *text_a, Py_ssize_t len_a, const Py_UCS4 *key_a,
                              Py_ssize_t key_len_a, const Py_UCS4 *text_b, Py_ssize_t len_b,
                              const Py_UCS4 *key_b, Py_ssize_t key_len_b) {
    if (len_a == len_b && memcmp(text_a, text_b, (size_t)len_a * sizeof(Py_UCS4)) == 0)
        return 1.0;
    if (len_a == 1 || len_b == 1) {
        int number_a = is_number(text_a, len_a), number_b = is_number(text_b, len_b);
        int initial = (len_a == 1 && !number_b) || (len_b == 1 && !number_a);
        if ((number_a || number_b) && !initial)
            return 0.0;
        return initial_letter(text_a[0]) == initial_letter(text_b[0]) ? 0.8 : 0.0;
    }
    if (is_number(text_a, len_a) || is_number(text_b, len_b))
        return 0.0;
    double spelling = osa_similarity(text_a, len_a, text_b, len_b);
    if (spelling < 0.0)
        return -1.0;
    double best;
    if (key_len_a == key_len_b && memcmp(key_a, key_b, (size_t)key_len_a * sizeof(Py_UCS4)) == 0) {
        double sounds = 0.75 + 0.2 * spelling;
        best = spelling >= sounds ? spelling : sounds;
    } else {
        double keys = osa_similarity(key_a, key_len_a, key_b, key_len_b);
        if (keys < 0.0)
            return -1.0;
        keys = keys - KEY_DISCOUNT;
        best = curve(spelling >= keys ? spelling : keys);
    }
    Py_ssize_t shorter = key_len_a < key_len_b ? key_len_a : key_len_b;
    if (shorter <= 3 && best < 0.95 && spelling < 0.7)
        best *= 0.7;
    return best;
}

/* person_hits(text, key, words, floor): the hits of a person's
 * query word (text and phonetic key) among the list words at the positions
 * ``words`` (set_words), as best_per_name gives them: each word that holds
 * person names and is at least ``floor`` alike is a part, its cap its weight
 * when it is an initial and the query word is not. */
static PyObject *Estimator_person_hits(Estimator *self, PyObject *args, PyObject *kwds) {
    static char *keywords[] = {"text", "key", "words", "floor", NULL};
    PyObject *text_in, *key_in, *ids_in;
    double floor;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "UUOd", keywords, &text_in, &key_in, &ids_in,
                                     &floor))
        return NULL;
    if (not_initialised(self))
        return NULL;
    PyObject *ids = PySequence_Fast(ids_in, "words must be a sequence");
    if (ids == NULL)
        return NULL;
    Py_UCS4 *text = PyUnicode_AsUCS4Copy(text_in);
    Py_UCS4 *key = text == NULL ? NULL : PyUnicode_AsUCS4Copy(key_in);
    Py_ssize_t n_ids = PySequence_Fast_GET_SIZE(ids);
    Part *parts = key == NULL ? NULL : PyMem_Calloc(n_ids > 0 ? n_ids : 1, sizeof(Part));
    PyObject *result = NULL;
    if (parts == NULL) {
        if (key != NULL)
            PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(text_in), key_len = PyUnicode_GET_LENGTH(key_in);
    Py_ssize_t n_parts = 0;
    for (Py_ssize_t i = 0; i < n_ids; i++) {
        Py_ssize_t w = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(ids, i));
        if (w == -1 && PyErr_Occurred())
            goto done;
        if (w < 0 || w >= self->n_words) {
            PyErr_Format(PyExc_IndexError, "word %zd is not among the %zd set", w, self->n_words);
            goto done;
        }
        const Word *word = &self->words[w];
        if (word->names_len == 0)
            continue;
        double alike = word_similarity(text, len, key, key_len, self->chars + word->text,
                                       word->text_len, self->chars + word->key, word->key_len);
        if (alike < 0.0) {
            PyErr_NoMemory();
            goto done;
        }
        if (alike < floor)
            continue;
        Part *part = &parts[n_parts];
        part->names = self->word_names + word->names;
        part->length = word->names_len;
        part->alike = alike;
        part->weight = word->weight;
        part->cap = word->text_len == 1 && len > 1 ? word->weight : Py_HUGE_VAL;
        part->index = n_parts++;
    }
    result = best_rows(self, parts, n_parts);
done:
    PyMem_Free(parts);
    PyMem_Free(text);
    PyMem_Free(key);
    Py_DECREF(ids);
    return result;
}

/* ``found |= value`` where value is a non-empty set of deletes (a str key of it). */
static int add_all(PyObject *found, PyObject *deletes, PyObject *key) {
    PyObject *value = PyDict_GetItemWithError(deletes, key); /* borrowed */
    if (value == NULL)
        return PyErr_Occurred() ? -1 : 0;
    PyObject *merged = PyNumber_InPlaceOr(found, value);
    if (merged == NULL)
        return -1;
    Py_DECREF(merged);
    return 0;
}

/* ``found.add(key)`` when the vocabulary holds key. */
static int add_if_held(PyObject *found, PyObject *vocabulary, PyObject *key) {
    int held = PyDict_Contains(vocabulary, key);
    if (held <= 0)
        return held;
    return PySet_Add(found, key);
}

/* near(key, vocabulary, deletes, shortest): the vocabulary's keys within one
 * edit of ``key`` (index.deletions has the method; its Python version,
 * _coverage_numpy.near, is the reference). */
static PyObject *coverage_near(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *key, *vocabulary, *deletes;
    Py_ssize_t shortest;
    if (!PyArg_ParseTuple(args, "UO!O!n", &key, &PyDict_Type, &vocabulary, &PyDict_Type, &deletes,
                          &shortest))
        return NULL;
    PyObject *found = PySet_New(NULL);
    if (found == NULL)
        return NULL;
    if (add_if_held(found, vocabulary, key) < 0 || add_all(found, deletes, key) < 0)
        goto fail;
    Py_ssize_t length = PyUnicode_GET_LENGTH(key);
    if (length >= shortest) {
        int kind = PyUnicode_KIND(key);
        const void *data = PyUnicode_DATA(key);
        Py_UCS4 widest = PyUnicode_MAX_CHAR_VALUE(key);
        for (Py_ssize_t i = 0; i < length; i++) {
            /* key less its letter i */
            PyObject *variant = PyUnicode_New(length - 1, widest);
            if (variant == NULL)
                goto fail;
            int variant_kind = PyUnicode_KIND(variant);
            void *out = PyUnicode_DATA(variant);
            for (Py_ssize_t j = 0, k = 0; j < length; j++)
                if (j != i)
                    PyUnicode_WRITE(variant_kind, out, k++, PyUnicode_READ(kind, data, j));
            int failed = add_if_held(found, vocabulary, variant) < 0 ||
                         add_all(found, deletes, variant) < 0;
            Py_DECREF(variant);
            if (failed)
                goto fail;
        }
    }
    PyObject *result = PySequence_Tuple(found);
    Py_DECREF(found);
    return result;

fail:
    Py_DECREF(found);
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
    {"set_words", (PyCFunction)(void (*)(void))Estimator_set_words, METH_VARARGS | METH_KEYWORDS,
     "set_words(texts, keys, names, weights): the list words person_hits compares with"},
    {"person_hits", (PyCFunction)(void (*)(void))Estimator_person_hits,
     METH_VARARGS | METH_KEYWORDS,
     "person_hits(text, key, words, floor) -> bytes of a (4, n) float64 array: "
     "best_per_name of the set words that pair with a person's query word"},
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

static PyMethodDef coverage_functions[] = {
    {"near", (PyCFunction)coverage_near, METH_VARARGS,
     "near(key, vocabulary, deletes, shortest) -> the vocabulary's keys within one edit of key"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef coverage_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "laborscreen.index._coverage",
    .m_doc = "The candidate search's inner loops (see laborscreen.index.coverage).",
    .m_size = -1,
    .m_methods = coverage_functions,
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
