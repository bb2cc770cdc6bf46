// JSON Lines output of `vigil dump`: one object per element. The schema is
// documented in docs/formats/dump-json.md; fields never change meaning, new
// fields may be added.
#pragma once

#include <span>
#include <string>

#include "dump/element.h"
#include "wire/bgp/as_path.h"

namespace vigil::dump {

class JsonFormatter {
 public:
  // `file` names the input in every object ("file" field) when non-empty.
  explicit JsonFormatter(std::string file = {}) : file_(std::move(file)) {}
  void set_file(std::string file) { file_ = std::move(file); }
  void format(std::span<const Element> elems, std::string& out);

 private:
  void append_attrs(const Element& e, std::string& out);
  std::string file_;
  bgp::AsPath scratch_;
};

// Appends s as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view s);

}  // namespace vigil::dump
