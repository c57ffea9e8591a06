#define _GNU_SOURCE
#include "parallel.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#define MAX_THREADS 64
/* Parts of a large product at most: cutting one into 4 costs about 7% on one thread, into 8 about
 * 14% (OpenBLAS, the MNIST shapes, measured); beyond 4 cores, seeds in parallel use them better. */
#define GRID_MAX 4

/* How long an idle worker keeps polling for the next job before it sleeps. A training step issues
 * its native calls tens to hundreds of microseconds apart; a wake from sleep costs tens. */
#define SPIN_NS 200000L

static int thread_count = 1;

/* The job being run: part i of `parts` covers [n * i / parts, n * (i + 1) / parts). */
static struct {
  range_fn fn;
  void *context;
  size_t n, parts;
} job;

static int worker_count;
static atomic_uint generation;  /* bumped once per job; workers compare it with the last they ran */
static atomic_int unfinished;   /* workers still inside the current job */
static atomic_int sleeping;     /* workers blocked on `wake` */
static unsigned start_generation;
static atomic_flag busy = ATOMIC_FLAG_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static _Thread_local bool in_worker;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void run_part(size_t part) {
  if (part < job.parts) job.fn(job.context, job.n * part / job.parts, job.n * (part + 1) / job.parts);
}

/* Waits for a generation other than `seen`: polls for SPIN_NS, then sleeps until woken. */
static unsigned next_generation(unsigned seen) {
  long deadline = now_ns() + SPIN_NS;
  for (unsigned polls = 0;; polls++) {
    unsigned g = atomic_load_explicit(&generation, memory_order_acquire);
    if (g != seen) return g;
    if ((polls & 63) == 63 && now_ns() > deadline) break;
    cpu_relax();
  }
  pthread_mutex_lock(&lock);
  atomic_fetch_add(&sleeping, 1);
  unsigned g;
  /* seq_cst here and in parallel_for: either this sees the new generation or the caller sees a sleeper. */
  while ((g = atomic_load(&generation)) == seen) pthread_cond_wait(&wake, &lock);
  atomic_fetch_sub(&sleeping, 1);
  pthread_mutex_unlock(&lock);
  return g;
}

static void *worker_main(void *arg) {
  size_t part = (size_t)arg;
  in_worker = true;
  /* Jobs are numbered from the generation at the worker's creation, which happens between jobs. */
  unsigned seen = start_generation;
  for (;;) {
    seen = next_generation(seen);
    run_part(part);
    atomic_fetch_sub_explicit(&unfinished, 1, memory_order_release);
  }
  return NULL;
}

/* Workers start on first use and live as long as the process: a pool, not a thread per call. */
static void start_workers(int wanted) {
  start_generation = atomic_load(&generation);
  while (worker_count < wanted) {
    pthread_t id;
    if (pthread_create(&id, NULL, worker_main, (void *)(size_t)(worker_count + 1)) != 0) break;
    pthread_detach(id);
    worker_count++;
  }
}

void parallel_set_threads(int threads) {
  thread_count = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
}

int parallel_threads(void) { return thread_count; }

void parallel_for(size_t n, size_t min_per_thread, range_fn fn, void *context) {
  size_t threads = min_per_thread ? n / min_per_thread : n;
  if (threads > (size_t)thread_count) threads = (size_t)thread_count;
  /* A call from inside a part, or from a second caller while a job runs, stays on its thread. */
  if (threads <= 1 || in_worker || atomic_flag_test_and_set(&busy)) {
    fn(context, 0, n);
    return;
  }
  start_workers(thread_count - 1);
  if ((size_t)worker_count + 1 < threads) threads = (size_t)worker_count + 1;
  job.fn = fn;
  job.context = context;
  job.n = n;
  job.parts = threads;
  atomic_store_explicit(&unfinished, worker_count, memory_order_relaxed);
  atomic_fetch_add(&generation, 1);
  if (atomic_load(&sleeping) > 0) {
    pthread_mutex_lock(&lock);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
  }
  run_part(0);
  while (atomic_load_explicit(&unfinished, memory_order_acquire) > 0) cpu_relax();
  atomic_flag_clear(&busy);
}

typedef struct {
  size_t n, parts;
  range_fn fn;
  void *context;
} parts_job;

static void parts_range(void *context, size_t begin, size_t end) {
  const parts_job *j = context;
  for (size_t i = begin; i < end; i++) j->fn(j->context, j->n * i / j->parts, j->n * (i + 1) / j->parts);
}

void parallel_for_parts(size_t n, size_t parts, range_fn fn, void *context) {
  parts_job job = {n, parts < 1 ? 1 : parts, fn, context};
  parallel_for(job.parts, 1, parts_range, &job);
}

size_t parallel_grid(void) {
  static size_t grid;
  if (!grid) {
    cpu_set_t set;
    long cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    grid = cores < 1 ? 1 : cores > GRID_MAX ? GRID_MAX : (size_t)cores;
  }
  return grid;
}
