// Entry points of the subcommands; each takes argv starting at its own name.
#pragma once

namespace vigil::app {

int run_dump(int argc, char** argv);

}  // namespace vigil::app
