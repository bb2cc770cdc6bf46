// vigil dump: MRT archives to bgpdump -m lines or JSON Lines, with filters.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "apps/vigil/commands.h"
#include "apps/vigil/output.h"
#include "apps/vigil/progress.h"
#include "dump/bgpdump_format.h"
#include "dump/filter.h"
#include "dump/json_format.h"
#include "dump/mrt_stream.h"
#include "io/input.h"

namespace vigil::app {

namespace {

struct DumpOptions {
  std::vector<std::string> files;
  bool bgpdump = false;
  bool json = false;
  std::string output = "-";
  std::vector<std::string> prefix_exact, prefix_more, prefix_less, prefix_any;
  std::vector<std::string> origins, peer_asns, peer_ips, types;
  std::string start, end, as_path;
  bool quiet = false;
  bool progress = true;
  bool threads = true;
};

Status build_filter(const DumpOptions& o, dump::ElementFilter& f) {
  auto add_prefixes = [&](const std::vector<std::string>& list, dump::PrefixMatch m) -> Status {
    for (const auto& s : list) {
      auto p = Prefix::parse(s);
      if (!p) return make_error(ErrorCode::kInvalidArgument, "bad prefix '" + s + "'");
      f.prefixes.push_back({*p, m});
    }
    return Status::Ok();
  };
  VIGIL_RETURN_IF_ERROR(add_prefixes(o.prefix_exact, dump::PrefixMatch::kExact));
  VIGIL_RETURN_IF_ERROR(add_prefixes(o.prefix_more, dump::PrefixMatch::kMoreSpecific));
  VIGIL_RETURN_IF_ERROR(add_prefixes(o.prefix_less, dump::PrefixMatch::kLessSpecific));
  VIGIL_RETURN_IF_ERROR(add_prefixes(o.prefix_any, dump::PrefixMatch::kAny));
  for (const auto& s : o.origins) {
    VIGIL_TRY(uint32_t a, dump::parse_asn(s));
    f.origin_asns.push_back(a);
  }
  for (const auto& s : o.peer_asns) {
    VIGIL_TRY(uint32_t a, dump::parse_asn(s));
    f.peer_asns.push_back(a);
  }
  for (const auto& s : o.peer_ips) {
    auto ip = IpAddr::parse(s);
    if (!ip) return make_error(ErrorCode::kInvalidArgument, "bad peer IP '" + s + "'");
    f.peer_ips.push_back(*ip);
  }
  for (const auto& s : o.types) {
    VIGIL_TRY(dump::ElemType t, dump::parse_elem_type(s));
    f.types.push_back(t);
  }
  if (!o.start.empty()) {
    VIGIL_TRY(uint64_t t, dump::parse_time(o.start));
    f.start_us = t;
  }
  if (!o.end.empty()) {
    VIGIL_TRY(uint64_t t, dump::parse_time(o.end));
    f.end_us = t;
  }
  if (!o.as_path.empty()) VIGIL_RETURN_IF_ERROR(f.set_as_path_regex(o.as_path));
  return Status::Ok();
}

}  // namespace

int run_dump(int argc, char** argv) {
  DumpOptions o;
  CLI::App app{
      "Print MRT archives (RIS, RouteViews, BIRD, OpenBGPD, Quagga) as bgpdump -m "
      "lines (default) or JSON Lines. Compression is detected from content.",
      "vigil dump"};
  app.add_option("files", o.files, "MRT files (gzip, bzip2, zstd, xz or raw; '-' = stdin)")
      ->required();
  app.add_flag("-m", o.bgpdump, "one line per entry, as bgpdump -m (the default)");
  app.add_flag("-j,--json", o.json,
               "JSON Lines, one object per element (docs/formats/dump-json.md)");
  app.add_option("-o,--output", o.output, "write to this file instead of stdout");
  app.add_option("--prefix", o.prefix_exact, "keep elements for exactly this prefix");
  app.add_option("--more-specific", o.prefix_more, "keep this prefix and its more-specifics");
  app.add_option("--less-specific", o.prefix_less, "keep this prefix and its less-specifics");
  app.add_option("--overlapping", o.prefix_any, "keep more- and less-specifics of this prefix");
  app.add_option("--origin", o.origins, "keep routes whose origin AS is this ASN");
  app.add_option("--peer-asn", o.peer_asns, "keep elements from this peer ASN");
  app.add_option("--peer-ip", o.peer_ips, "keep elements from this peer address");
  app.add_option("-t,--type", o.types, "keep this element type: announce, withdraw, rib, state");
  app.add_option("--start", o.start, "keep elements at or after this time (unix or ISO 8601 UTC)");
  app.add_option("--end", o.end, "keep elements before this time");
  app.add_option("--as-path", o.as_path,
                 "keep routes whose AS path text matches this POSIX extended regex, e.g. "
                 "'(^| )3356 174( |$)'");
  app.add_flag("-q,--quiet", o.quiet, "do not print per-record warnings (errors still print)");
  app.add_flag("!--no-progress", o.progress, "never show a progress bar");
  app.add_flag("!--no-threads", o.threads, "decompress on the main thread");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (o.bgpdump && o.json) {
    std::fprintf(stderr, "vigil dump: -m and --json are exclusive\n");
    return 2;
  }
  dump::ElementFilter filter;
  if (Status s = build_filter(o, filter); !s) {
    std::fprintf(stderr, "vigil dump: %s\n", s.error().message.c_str());
    return 2;
  }
  auto out = OutputFile::open(o.output);
  if (!out) {
    std::fprintf(stderr, "vigil dump: %s\n", out.error().to_string().c_str());
    return 2;
  }
  const bool use_filter = !filter.empty();
  dump::BgpdumpFormatter bgpdump;
  dump::JsonFormatter json;
  std::vector<dump::Element> kept;
  uint64_t warnings = 0;
  int status = 0;
  for (const std::string& file : o.files) {
    auto src = io::open_input(file);
    if (!src) {
      std::fprintf(stderr, "vigil dump: %s\n", src.error().message.c_str());
      status = 1;
      continue;
    }
    std::unique_ptr<io::ByteSource> source = std::move(*src);
    Progress progress(file, o.progress, source->compressed_size());
    if (o.threads) source = io::make_threaded(std::move(source));
    // The outermost source: with a thread, it reports progress per chunk on
    // this thread (the inner source belongs to the decompression thread).
    const io::ByteSource* progress_source = source.get();
    if (o.json) json.set_file(file);
    dump::MrtStream stream(std::make_unique<io::BufferedReader>(std::move(source)), file);
    std::string& buf = (*out)->buffer();
    Status s = stream.run(
        [&](const dump::RecordView&, std::span<const dump::Element> elems) {
          if (use_filter) {
            kept.clear();
            for (const auto& e : elems) {
              if (filter.matches(e)) kept.push_back(e);
            }
            elems = kept;
          }
          if (o.json) {
            json.format(elems, buf);
          } else {
            bgpdump.format(elems, buf);
          }
          (*out)->maybe_flush();
          if ((*out)->closed_by_reader()) stream.stop();
          progress.update(progress_source->compressed_position());
        },
        [&](const dump::Diagnostic& d) {
          ++warnings;
          if (!o.quiet) std::fprintf(stderr, "vigil dump: %s\n", d.to_string().c_str());
        });
    progress.finish(progress_source->compressed_position());
    if ((*out)->closed_by_reader()) break;
    if (!s) {
      // "vigil dump: FILE: offset N: truncated: what was wrong"
      std::string msg = s.error().message;
      if (msg.rfind(file + ": ", 0) == 0) msg = msg.substr(file.size() + 2);
      std::string where;
      if (s.error().offset != Error::kNoOffset) {
        where = "offset " + std::to_string(s.error().offset) + ": ";
      }
      std::fprintf(stderr, "vigil dump: %s: %s%s: %s (records before it were printed)\n",
                   file.c_str(), where.c_str(), error_code_name(s.error().code), msg.c_str());
      status = 1;
    }
  }
  if (Status fs = (*out)->close(); !fs) {
    std::fprintf(stderr, "vigil dump: %s\n", fs.error().to_string().c_str());
    status = 1;
  }
  return status;
}

}  // namespace vigil::app
