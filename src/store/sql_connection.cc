#include "store/sql_connection.h"

#include <charconv>

namespace vigil::store {

int64_t cell_int(const Cell& c) {
  if (const auto* i = std::get_if<int64_t>(&c)) return *i;
  if (const auto* s = std::get_if<std::string>(&c)) {
    int64_t v = 0;
    std::from_chars(s->data(), s->data() + s->size(), v);
    return v;
  }
  return 0;
}

std::string cell_text(const Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* i = std::get_if<int64_t>(&c)) return std::to_string(*i);
  return {};
}

}  // namespace vigil::store
