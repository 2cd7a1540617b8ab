// Non-variadic, concurrency-safe wrappers over libedit for Swift 6.
// Swift cannot call C-variadic functions (el_set, el_get, history) nor touch C mutable globals
// (stdin, stdout, stderr) in strict concurrency mode, so each use gets a static inline wrapper.
#ifndef CCS_CEDITLINE_SHIM_H
#define CCS_CEDITLINE_SHIM_H

#include <stdio.h>
#include <histedit.h>

static inline FILE *ccs_stdin(void) { return stdin; }
static inline FILE *ccs_stdout(void) { return stdout; }
static inline FILE *ccs_stderr(void) { return stderr; }

#endif
