// Entry points of the subcommands; each takes argv starting at its own name.
#pragma once

namespace vigil::app {

int run_dump(int argc, char** argv);
int run_rib(int argc, char** argv);
int run_lookup_cmd(int argc, char** argv);
int run_origins_cmd(int argc, char** argv);
int run_detect(int argc, char** argv);
int run_rpki(int argc, char** argv);
int run_evidence(int argc, char** argv);
int run_exercise(int argc, char** argv);

}  // namespace vigil::app
