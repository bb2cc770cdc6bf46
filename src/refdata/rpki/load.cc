// parse_rpki: picks the JSON or CSV loader from the content.
#include "refdata/rpki/load.h"

#include <string>

namespace vigil::refdata::rpki {

Result<RpkiData> parse_rpki(std::string_view text, std::string_view source,
                            const LoadOptions& options) {
  std::string_view rest = text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // UTF-8 BOM
  const size_t first = rest.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return make_error(ErrorCode::kMalformed,
                      std::string(source) + ": empty input: expected RPKI JSON or CSV");
  }
  if (rest[first] == '{' || rest[first] == '[') return parse_rpki_json(text, source, options);
  // CSV: the first line must be a header naming the columns.
  const size_t nl = rest.find('\n', first);
  const std::string_view header =
      rest.substr(first, nl == std::string_view::npos ? nl : nl - first);
  if (header.find("ASN") != std::string_view::npos &&
      header.find("Prefix") != std::string_view::npos) {
    return parse_rpki_csv(text, source, options);
  }
  std::string m(source);
  m += ": unrecognised content: expected RPKI validator JSON ('{' or '[') or CSV with a header "
       "such as \"ASN,IP Prefix,Max Length,Trust Anchor\"";
  return make_error(ErrorCode::kUnsupported, std::move(m), first);
}

}  // namespace vigil::refdata::rpki
