#include "exercise/writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "exercise/mrt_out.h"
#include "exercise/refdata_out.h"
#include "exercise/truth_json.h"

namespace vigil::exercise {

namespace {

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

Status write_file(const std::string& path, const std::vector<uint8_t>& data) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return make_error(ErrorCode::kIo, path + ": " + std::strerror(errno));
  const bool wrote = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  const int saved = errno;
  if (std::fclose(f) != 0 || !wrote) {
    return make_error(ErrorCode::kIo,
                      path + ": write failed: " + std::strerror(wrote ? errno : saved));
  }
  return Status::Ok();
}

}  // namespace

void for_each_file(const ExerciseData& ex, const std::function<Status(ExerciseFile&&)>& sink,
                   Status* status) {
  auto give = [&](std::string path, std::vector<uint8_t> bytes) {
    if (status && !status->ok()) return;
    Status st = sink(ExerciseFile{std::move(path), std::move(bytes)});
    if (status) *status = std::move(st);
  };
  give("rib.mrt", encode_rib(ex));
  give("updates.mrt", encode_updates(ex));
  give("vrps.json", bytes_of(format_vrps_json(ex)));
  give("as-rel.txt", bytes_of(format_as_rel(ex)));
  for (auto& [name, text] : format_registry(ex)) give("registry/" + name, bytes_of(text));
  give("truth.json", bytes_of(format_truth_json(ex)));
}

std::vector<ExerciseFile> render_exercise(const ExerciseData& ex) {
  std::vector<ExerciseFile> files;
  for_each_file(ex, [&](ExerciseFile&& f) {
    files.push_back(std::move(f));
    return Status::Ok();
  });
  return files;
}

Status write_exercise(const ExerciseData& ex, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dir) / "registry", ec);
  if (ec) return make_error(ErrorCode::kIo, dir + ": " + ec.message());
  Status status;
  for_each_file(
      ex, [&](ExerciseFile&& f) { return write_file(dir + "/" + f.path, f.bytes); }, &status);
  return status;
}

}  // namespace vigil::exercise
