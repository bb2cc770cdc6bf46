#include "apps/vigil/reference_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "refdata/asrel/caida_as_rel.h"
#include "refdata/registry/rir_stats.h"
#include "refdata/rpki/load.h"

namespace vigil::app {

namespace {
void report(const refdata::WarningList& list, const std::string& source, const WarnFn& warn) {
  for (const auto& w : list.kept()) warn(w.to_string());
  if (list.total() > list.kept().size()) {
    warn(source + ": " + std::to_string(list.total() - list.kept().size()) + " more warnings");
  }
}
}  // namespace

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::kIo, path + ": read error");
  return ss.str();
}

Result<refdata::Watchlist> load_watchlist_file(const std::string& path, const WarnFn& warn) {
  VIGIL_TRY(auto text, read_text_file(path));
  VIGIL_TRY(auto w, refdata::parse_watchlist(text, path));
  for (const auto& s : w.warnings()) warn(s);
  return w;
}

Result<RpkiFiles> load_rpki_file(const std::string& path, const WarnFn& warn,
                                 const refdata::rpki::LoadOptions& options) {
  VIGIL_TRY(auto text, read_text_file(path));
  VIGIL_TRY(auto data, refdata::rpki::parse_rpki(text, path, options));
  for (const auto& s : data.warnings) warn(s);
  if (data.suppressed_warnings > 0) {
    warn(path + ": " + std::to_string(data.suppressed_warnings) + " more warnings");
  }
  RpkiFiles out;
  out.vrps = refdata::rpki::VrpSet::build(data.vrps);
  out.aspas = refdata::rpki::AspaSet::build(data.aspas);
  out.data = std::move(data);
  return out;
}

Result<refdata::AsRelationships> load_as_rel_file(const std::string& path, const WarnFn& warn) {
  VIGIL_TRY(auto text, read_text_file(path));
  refdata::AsRelationshipsBuilder builder;
  VIGIL_TRY(auto info, refdata::read_as_rel(text, path, builder));
  report(info.warnings, path, warn);
  return std::move(builder).build();
}

Result<refdata::Registry> load_registry(const std::string& path, const WarnFn& warn) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec)) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file() || name.rfind("delegated-", 0) != 0) continue;
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".md5") == 0) continue;
      files.push_back(e.path().string());
    }
    if (ec) return make_error(ErrorCode::kIo, path + ": " + ec.message());
    if (files.empty()) {
      return make_error(ErrorCode::kInvalidArgument,
                        path + ": no RIR statistics files (delegated-*) in this directory");
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  refdata::RegistryBuilder builder;
  for (const auto& f : files) {
    VIGIL_TRY(auto text, read_text_file(f));
    VIGIL_TRY(auto stats, refdata::parse_rir_stats(text, f));
    report(stats.warnings, f, warn);
    builder.add(std::move(stats));
  }
  return std::move(builder).build();
}

}  // namespace vigil::app
