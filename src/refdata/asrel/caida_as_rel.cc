#include "refdata/asrel/caida_as_rel.h"

#include <array>
#include <utility>

#include "core/text.h"

namespace vigil::refdata {

namespace {

class Reader {
 public:
  Reader(std::string_view source, AsRelationshipsBuilder& builder) : builder_(builder) {
    info_.source = std::string(source);
  }

  Result<AsRelFileInfo> run(std::string_view text) {
    LineCursor cursor(text);
    TextLine line;
    size_t data_lines = 0;
    while (cursor.next(line)) {
      if (line.text.empty() || line.text.front() == '#') continue;
      ++data_lines;
      (void)read_line(line);
    }
    if (data_lines > 0 && info_.links == 0) {
      return make_error(ErrorCode::kMalformed,
                        "no AS-relationship line could be read (" + first_bad_ + ")",
                        first_bad_offset_);
    }
    return std::move(info_);
  }

 private:
  // Warns and returns false: the line is skipped.
  bool reject(const TextLine& line, std::string message) {
    if (first_bad_.empty()) {
      first_bad_ = info_.source + ":" + std::to_string(line.number) + ": " + message;
      first_bad_offset_ = line.offset;
    }
    info_.warnings.add(info_.source, line.number, std::move(message));
    return false;
  }

  bool read_line(const TextLine& line) {
    std::array<std::string_view, 4> f;
    const size_t n = split_fields(line.text, '|', f);
    if (n != 3 && n != 4) {
      return reject(line, "has " + std::to_string(n) +
                              " fields, expected 'as1|as2|rel' or 'as1|as2|rel|source'");
    }
    const AsRelFormat format = n == 3 ? AsRelFormat::kSerial1 : AsRelFormat::kSerial2;
    if (info_.format == AsRelFormat::kNone) info_.format = format;
    const auto a = parse_decimal(f[0], UINT32_MAX);
    if (!a) return reject(line, "AS " + quoted(f[0]) + " is not an ASN");
    const auto b = parse_decimal(f[1], UINT32_MAX);
    if (!b) return reject(line, "AS " + quoted(f[1]) + " is not an ASN");
    const auto rel = parse_signed_decimal(f[2], -1, 1);
    if (!rel) {
      return reject(line,
                    "relationship " + quoted(f[2]) + " is not -1 (p2c), 0 (p2p) or 1 (sibling)");
    }
    if (n == 4 && f[3].empty()) return reject(line, "empty source field");
    const LinkType type = *rel == -1  ? LinkType::kProviderCustomer
                          : *rel == 0 ? LinkType::kPeer
                                      : LinkType::kSibling;
    const auto a32 = static_cast<uint32_t>(*a);
    const auto b32 = static_cast<uint32_t>(*b);
    switch (builder_.add(a32, b32, type)) {
      case AsRelationshipsBuilder::AddResult::kSelfLink:
        return reject(line, "AS " + std::to_string(*a) + " linked to itself");
      case AsRelationshipsBuilder::AddResult::kReplaced:
        info_.warnings.add(info_.source, line.number,
                           "AS" + std::to_string(*a) + "-AS" + std::to_string(*b) +
                               " was given before with another relationship; this line wins");
        break;
      case AsRelationshipsBuilder::AddResult::kAdded:
      case AsRelationshipsBuilder::AddResult::kSame:
        break;
    }
    if (format != info_.format) {
      info_.warnings.add(info_.source, line.number,
                         "mixes serial-1 and serial-2 lines (read anyway)");
    }
    if (n == 4) ++info_.by_source[std::string(f[3])];
    ++info_.links;
    return true;
  }

  AsRelationshipsBuilder& builder_;
  AsRelFileInfo info_;
  std::string first_bad_;
  uint64_t first_bad_offset_ = 0;
};

}  // namespace

Result<AsRelFileInfo> read_as_rel(std::string_view text, std::string_view source,
                                  AsRelationshipsBuilder& builder) {
  return Reader(source, builder).run(text);
}

Result<AsRelFile> parse_as_rel(std::string_view text, std::string_view source) {
  AsRelationshipsBuilder builder;
  VIGIL_TRY(AsRelFileInfo info, read_as_rel(text, source, builder));
  return AsRelFile{std::move(info), std::move(builder).build()};
}

std::string format_as_rel_serial1(const AsRelationships& rels, std::string_view comment) {
  std::string out;
  LineCursor cursor(comment);
  TextLine line;
  while (cursor.next(line)) {
    out += "# ";
    out += line.text;
    out += '\n';
  }
  for (const AsLink& l : rels.links()) {
    append_u32(out, l.a);
    out += '|';
    append_u32(out, l.b);
    out += l.type == LinkType::kProviderCustomer ? "|-1\n"
           : l.type == LinkType::kPeer           ? "|0\n"
                                                 : "|1\n";
  }
  return out;
}

}  // namespace vigil::refdata
