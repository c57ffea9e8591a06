#include "parallel.h"

#include <pthread.h>

#define MAX_THREADS 64

static int thread_count = 1;

void parallel_set_threads(int threads) {
  thread_count = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
}

typedef struct {
  range_fn fn;
  void *context;
  size_t begin, end;
} task;

static void *run_task(void *arg) {
  task *t = arg;
  t->fn(t->context, t->begin, t->end);
  return NULL;
}

/* Threads are started per call: the calls worth splitting take milliseconds, a start microseconds. */
void parallel_for(size_t n, size_t min_per_thread, range_fn fn, void *context) {
  size_t threads = min_per_thread ? n / min_per_thread : n;
  if (threads > (size_t)thread_count) threads = (size_t)thread_count;
  if (threads <= 1) {
    fn(context, 0, n);
    return;
  }
  task tasks[MAX_THREADS];
  pthread_t ids[MAX_THREADS];
  int started[MAX_THREADS] = {0};
  for (size_t i = 0; i < threads; i++) tasks[i] = (task){fn, context, n * i / threads, n * (i + 1) / threads};
  for (size_t i = 1; i < threads; i++) started[i] = pthread_create(&ids[i], NULL, run_task, &tasks[i]) == 0;
  fn(context, tasks[0].begin, tasks[0].end);
  for (size_t i = 1; i < threads; i++) {
    /* A thread that could not start does its share here. */
    if (started[i]) pthread_join(ids[i], NULL);
    else run_task(&tasks[i]);
  }
}
