// Non-variadic, concurrency-safe wrappers over libedit for Swift 6.
// Swift cannot call C-variadic functions (el_set, el_get, history) nor touch C mutable globals
// (stdin, stdout, stderr) in strict concurrency mode, so each use gets a static inline wrapper.
// Callbacks are plain C function pointers; Swift passes its state through EL_CLIENTDATA.
#ifndef CCS_CEDITLINE_SHIM_H
#define CCS_CEDITLINE_SHIM_H

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <histedit.h>

static inline FILE *ccs_stdin(void) { return stdin; }
static inline FILE *ccs_stdout(void) { return stdout; }
static inline FILE *ccs_stderr(void) { return stderr; }

/// A prompt callback: returns the prompt text for the editor.
typedef char *(*ccs_el_prompt_func)(EditLine *);
/// A key-bound editor function: returns one of the CC_* codes.
typedef unsigned char (*ccs_el_key_func)(EditLine *, int);

// MARK: - el_set / el_get

static inline int ccs_el_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}

/// Sets the prompt; characters between two `esc` characters are not printed width.
static inline int ccs_el_set_prompt_esc(EditLine *el, ccs_el_prompt_func f, char esc) {
  return el_set(el, EL_PROMPT_ESC, f, esc);
}

static inline int ccs_el_set_clientdata(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}

static inline void *ccs_el_get_clientdata(EditLine *el) {
  void *data = NULL;
  if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}

static inline int ccs_el_addfn(EditLine *el, const char *name, const char *help,
                               ccs_el_key_func f) {
  return el_set(el, EL_ADDFN, name, help, f);
}

static inline int ccs_el_bind(EditLine *el, const char *key, const char *command) {
  return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

static inline int ccs_el_set_hist(EditLine *el, History *h) {
  return el_set(el, EL_HIST, history, h);
}

static inline int ccs_el_set_signal(EditLine *el, int on) {
  return el_set(el, EL_SIGNAL, on);
}

/// Changes one tty setting of a mode (`-d` edit, `-x` execute), as `stty` would.
static inline int ccs_el_settty(EditLine *el, const char *mode, const char *setting) {
  return el_set(el, EL_SETTY, mode, setting, (const char *)NULL);
}

/// The terminal width libedit uses, or 80 when it does not know.
static inline int ccs_el_columns(EditLine *el) {
  int cols = 0;
  if (el_get(el, EL_GETTC, "co", &cols, (void *)NULL) != 0 || cols <= 0) return 80;
  return cols;
}

/// The stream libedit writes to (index 1 of EL_GETFP).
static inline FILE *ccs_el_outfile(EditLine *el) {
  FILE *fp = NULL;
  if (el_get(el, EL_GETFP, 1, &fp) != 0) return NULL;
  return fp;
}

// MARK: - history

static inline int ccs_history_setsize(History *h, int size) {
  HistEvent ev;
  return history(h, &ev, H_SETSIZE, size);
}

static inline int ccs_history_setunique(History *h, int unique) {
  HistEvent ev;
  return history(h, &ev, H_SETUNIQUE, unique);
}

static inline int ccs_history_enter(History *h, const char *line) {
  HistEvent ev;
  return history(h, &ev, H_ENTER, line);
}

static inline int ccs_history_load(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_LOAD, path);
}

static inline int ccs_history_save(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_SAVE, path);
}

static inline int ccs_history_save_fp(History *h, FILE *fp) {
  HistEvent ev;
  return history(h, &ev, H_SAVE_FP, fp);
}

static inline int ccs_history_clear(History *h) {
  HistEvent ev;
  return history(h, &ev, H_CLEAR);
}

static inline int ccs_history_count(History *h) {
  HistEvent ev;
  if (history(h, &ev, H_GETSIZE) != 0) return 0;
  return ev.num;
}

/// The newest entry (H_FIRST), or NULL when the history is empty.
static inline const char *ccs_history_newest(History *h) {
  HistEvent ev;
  if (history(h, &ev, H_FIRST) != 0) return NULL;
  return ev.str;
}

/// Steps from newest to oldest: H_FIRST when `first`, else H_NEXT. NULL at the end.
static inline const char *ccs_history_step(History *h, int first) {
  HistEvent ev;
  if (history(h, &ev, first ? H_FIRST : H_NEXT) != 0) return NULL;
  return ev.str;
}

// MARK: - job control

/// Stops the process as Ctrl-Z would (the editor's tty has ISIG off, so Ctrl-Z is a key):
/// restores `cooked` terminal settings, raises SIGTSTP with the default action (and SIGCONT
/// without libedit's handler, which would redraw in cooked mode), then puts the raw settings
/// back once the shell resumes the job.
static inline void ccs_suspend_self(const struct termios *cooked) {
  struct termios raw;
  int have_raw = tcgetattr(STDIN_FILENO, &raw) == 0;
  struct sigaction dfl, old_tstp, old_cont;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGTSTP, &dfl, &old_tstp);
  sigaction(SIGCONT, &dfl, &old_cont);
  tcsetattr(STDIN_FILENO, TCSADRAIN, cooked);
  // The editor runs on a thread that blocks most signals: unblock SIGTSTP here, or the raised
  // signal would stay pending and the job would never stop.
  sigset_t stop, saved;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTSTP);
  sigaddset(&stop, SIGCONT);
  pthread_sigmask(SIG_UNBLOCK, &stop, &saved);
  raise(SIGTSTP); // this thread: returns only once the job has been continued
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  if (have_raw) tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
  sigaction(SIGCONT, &old_cont, NULL);
  sigaction(SIGTSTP, &old_tstp, NULL);
}

#endif
