// libyaml (YAML 1.1 scanner, parser and emitter), from Debian's libyaml-dev (scripts/bootstrap
// installs it). ccs reads its events and composes values itself (CCSRuntime/Formats/YAML).
#ifndef CCS_CLIBYAML_SHIM_H
#define CCS_CLIBYAML_SHIM_H

#include <yaml.h>

#endif
