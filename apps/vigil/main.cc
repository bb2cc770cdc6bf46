// vigil: one binary, one subcommand per capability.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "apps/vigil/commands.h"

namespace {

void usage(FILE* f) {
  std::fputs(
      "usage: vigil <command> [options]\n"
      "\n"
      "commands:\n"
      "  dump      print MRT archives as bgpdump -m lines or JSON Lines\n"
      "  rib       build the routing state: load (then queries), stats, snapshot\n"
      "  lookup    routes for an address or prefix (longest match, covering, more-specific)\n"
      "  origins   prefixes an AS originates\n"
      "  detect    replay archives through the detectors and report incidents\n"
      "  rpki      ROA changes between two VRP sets; validate one route (ROV, ASPA)\n"
      "  exercise  inject incidents into a synthetic Internet, detect, score (the demo)\n"
      "  evidence  stored incidents' evidence: list, hold, export and verify bundles, verify "
      "the log\n"
      "  help      show this text\n"
      "\n"
      "Run 'vigil <command> --help' for a command's options.\n",
      f);
}

}  // namespace

int main(int argc, char** argv) {
  // Output to a closed pipe (`vigil dump ... | head`) ends the command
  // quietly through EPIPE instead of a signal.
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "dump") return vigil::app::run_dump(argc - 1, argv + 1);
  if (cmd == "detect") return vigil::app::run_detect(argc - 1, argv + 1);
  if (cmd == "rpki") return vigil::app::run_rpki(argc - 1, argv + 1);
  if (cmd == "evidence") return vigil::app::run_evidence(argc - 1, argv + 1);
  if (cmd == "exercise") return vigil::app::run_exercise(argc - 1, argv + 1);
  if (cmd == "rib") return vigil::app::run_rib(argc - 1, argv + 1);
  if (cmd == "lookup") return vigil::app::run_lookup_cmd(argc - 1, argv + 1);
  if (cmd == "origins") return vigil::app::run_origins_cmd(argc - 1, argv + 1);
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    usage(stdout);
    return 0;
  }
  if (cmd == "--version") {
    std::puts("vigil 0.1.0");
    return 0;
  }
  std::fprintf(stderr, "vigil: unknown command '%s'\n", cmd.c_str());
  usage(stderr);
  return 2;
}
