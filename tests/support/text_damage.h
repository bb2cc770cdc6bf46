// Random damage to a text file for robustness tests: 1 to 6 edits, each
// replacing, inserting or deleting (up to `max_erase` characters) at a
// random place; characters come mostly from `alphabet` (separators and
// digits of the format, so that damaged lines still look like lines), else
// any byte.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

namespace vigil::test {

inline std::string damage_text(std::string t, std::mt19937& rng, std::string_view alphabet,
                               size_t max_erase) {
  const int edits = 1 + static_cast<int>(rng() % 6);
  for (int e = 0; e < edits && !t.empty(); ++e) {
    const size_t at = rng() % t.size();
    const char c =
        rng() % 4 == 0 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    switch (rng() % 3) {
      case 0:
        t[at] = c;
        break;
      case 1:
        t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), c);
        break;
      default:
        t.erase(at, 1 + rng() % max_erase);
    }
  }
  return t;
}

}  // namespace vigil::test
