#include "chip/lds.hpp"

#include "chip/chip.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cctype>

namespace mrtd::chip {

namespace {

// 9303-10 Table 35, DG1..DG16.
constexpr std::array<std::uint8_t, 16> k_dg_tags = {0x61, 0x75, 0x63, 0x76, 0x65, 0x66,
                                                    0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C,
                                                    0x6D, 0x6E, 0x6F, 0x70};

constexpr std::size_t k_max_tlv_items = 4096;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool consume(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) {
    return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

// The file identifier of an LDS file (9303-10 Table 35), lower-case hex: 011e, 011d, 0101...
std::string fid_of(FileId file) {
  static constexpr char k_hex[] = "0123456789abcdef";
  int fid = file.kind == FileId::Kind::com   ? 0x011E
            : file.kind == FileId::Kind::sod ? 0x011D
                                             : 0x0100 + file.dg;
  std::string out = "0000";
  for (int i = 3; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = k_hex[fid & 0xF];
    fid >>= 4;
  }
  return out;
}

// What may follow the file's name: nothing, an extension, or `_<FID>` (JMRTD's
// `EF_DG1_0101.bin`) with an optional extension. Anything else (`DG14_pk.bin`) is not the file.
bool acceptable_rest(std::string_view rest, FileId file) {
  if (rest.empty() || rest[0] == '.') {
    return true;
  }
  if (rest[0] == '_' || rest[0] == '-') {
    rest.remove_prefix(1);
    const std::string fid = fid_of(file);
    return consume(rest, fid) && (rest.empty() || rest[0] == '.');
  }
  return false;
}

} // namespace

std::uint8_t tag_of(FileId file) noexcept {
  switch (file.kind) {
  case FileId::Kind::com:
    return 0x60;
  case FileId::Kind::sod:
    return 0x77;
  case FileId::Kind::dg:
    break;
  }
  return file.dg >= 1 && file.dg <= 16 ? k_dg_tags[static_cast<std::size_t>(file.dg - 1)] : 0;
}

std::optional<FileId> file_from_tag(std::uint8_t tag) noexcept {
  if (tag == 0x60) {
    return FileId{FileId::Kind::com, 0};
  }
  if (tag == 0x77) {
    return FileId{FileId::Kind::sod, 0};
  }
  for (std::size_t i = 0; i < k_dg_tags.size(); ++i) {
    if (k_dg_tags[i] == tag) {
      return FileId{FileId::Kind::dg, static_cast<int>(i) + 1};
    }
  }
  return std::nullopt;
}

std::optional<FileId> file_from_name(std::string_view file_name) noexcept {
  try {
    const auto slash = file_name.find_last_of("/\\");
    if (slash != std::string_view::npos) {
      file_name.remove_prefix(slash + 1);
    }
    const std::string name = lower(file_name);
    std::string_view rest = name;
    if (!consume(rest, "ef.") && !consume(rest, "ef_") && !consume(rest, "ef-")) {
      consume(rest, "ef");
    }
    if (consume(rest, "com")) {
      const FileId file{FileId::Kind::com, 0};
      return acceptable_rest(rest, file) ? std::optional(file) : std::nullopt;
    }
    if (consume(rest, "sod")) {
      const FileId file{FileId::Kind::sod, 0};
      return acceptable_rest(rest, file) ? std::optional(file) : std::nullopt;
    }
    if (!consume(rest, "datagroup") && !consume(rest, "data_group") && !consume(rest, "dg")) {
      return std::nullopt;
    }
    int number = 0;
    std::size_t digits = 0;
    while (digits < rest.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
      number = number * 10 + (rest[digits] - '0');
      ++digits;
    }
    if (digits == 0 || number < 1 || number > 16) {
      return std::nullopt;
    }
    rest.remove_prefix(digits);
    const FileId file{FileId::Kind::dg, number};
    return acceptable_rest(rest, file) ? std::optional(file) : std::nullopt;
  } catch (...) { // std::bad_alloc from lower(): the name says nothing we can use
    return std::nullopt;
  }
}

bool names_other_file(std::string_view file_name) noexcept {
  return !file_from_name(file_name) && has_other_extension(file_name);
}

bool has_other_extension(std::string_view file_name) noexcept {
  const auto dot = file_name.find_last_of("./\\");
  if (dot == std::string_view::npos || file_name[dot] != '.') {
    return false;
  }
  const std::string_view extension = file_name.substr(dot + 1);
  static constexpr std::string_view k_other[] = {
      "pem", "crt", "cer", "crl", "key", "p12", "pfx", "csr",    "jpg", "jpeg",
      "jp2", "j2k", "png", "txt", "json", "ndjson", "md", "ldif"};
  return std::any_of(std::begin(k_other), std::end(k_other), [&](std::string_view other) {
    return extension.size() == other.size() &&
           std::equal(extension.begin(), extension.end(), other.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
}

std::string to_string(FileId file) {
  switch (file.kind) {
  case FileId::Kind::com:
    return "EF.COM";
  case FileId::Kind::sod:
    return "EF.SOD";
  case FileId::Kind::dg:
    break;
  }
  return "DG" + std::to_string(file.dg);
}

Result<Tlv> read_tlv(ByteView bytes) {
  if (bytes.empty()) {
    return make_error(ErrorCode::malformed, "TLV: no bytes", 0);
  }
  // BER tag: 1 byte, or a first byte with the low five bits set followed by bytes while bit 8
  // is set (X.690 §8.1.2.4). mrtd's Tlv keeps at most four tag bytes.
  std::size_t tag_size = 1;
  if ((bytes[0] & 0x1F) == 0x1F) {
    while (tag_size < bytes.size() && (bytes[tag_size] & 0x80) != 0) {
      ++tag_size;
    }
    ++tag_size;
  }
  if (tag_size > 4) {
    return make_error(ErrorCode::unsupported, "TLV: tag longer than 4 bytes", 0);
  }
  if (tag_size >= bytes.size()) {
    return make_error(ErrorCode::malformed, "TLV: truncated header", 0);
  }
  const std::uint8_t first_length = bytes[tag_size];
  if (first_length == 0x80) {
    return make_error(ErrorCode::malformed, "TLV: indefinite length (BER) not allowed here",
                      static_cast<std::ptrdiff_t>(tag_size));
  }
  if (first_length > 0x84) {
    return make_error(ErrorCode::malformed, "TLV: length field of more than 4 bytes",
                      static_cast<std::ptrdiff_t>(tag_size));
  }

  // OpenSSL parses the header; it flags a length beyond `omax` with 0x80 but still reports it.
  const long omax =
      static_cast<long>(std::min<std::size_t>(bytes.size(), static_cast<std::size_t>(LONG_MAX)));
  const unsigned char* p = bytes.data();
  long length = 0;
  int tag = 0;
  int klass = 0;
  const int ret = ASN1_get_object(&p, &length, &tag, &klass, omax);
  // Only a bad header raises errors; leave none behind (a clear costs more than the parse).
  if (ERR_peek_error() != 0) {
    ERR_clear_error();
  }
  const auto header_size = static_cast<std::size_t>(p - bytes.data());
  if (header_size == 0) {
    return make_error(ErrorCode::malformed, "TLV: malformed or truncated header", 0);
  }
  if ((ret & 0x01) != 0) {
    return make_error(ErrorCode::malformed, "TLV: indefinite length (BER) not allowed here",
                      static_cast<std::ptrdiff_t>(tag_size));
  }
  const auto value_size = static_cast<std::size_t>(length);
  if (value_size > k_max_file_size) {
    return make_error(ErrorCode::limit_exceeded,
                      "TLV: length " + std::to_string(value_size) + " over the limit of " +
                          std::to_string(k_max_file_size) + " bytes",
                      static_cast<std::ptrdiff_t>(tag_size));
  }
  if ((ret & 0x80) != 0 || value_size > bytes.size() - header_size) {
    return make_error(ErrorCode::malformed,
                      "TLV: truncated: length " + std::to_string(value_size) + ", " +
                          std::to_string(bytes.size() - header_size) + " bytes present",
                      static_cast<std::ptrdiff_t>(header_size));
  }
  Tlv tlv;
  for (std::size_t i = 0; i < tag_size; ++i) {
    tlv.tag = (tlv.tag << 8) | bytes[i];
  }
  tlv.header_size = header_size;
  tlv.value = bytes.subspan(header_size, value_size);
  tlv.total_size = header_size + value_size;
  return tlv;
}

Result<std::vector<Tlv>> read_tlv_list(ByteView bytes) {
  std::vector<Tlv> list;
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    if (list.size() == k_max_tlv_items) {
      return make_error(ErrorCode::limit_exceeded,
                        "TLV list: more than " + std::to_string(k_max_tlv_items) + " items",
                        static_cast<std::ptrdiff_t>(offset));
    }
    auto tlv = read_tlv(bytes.subspan(offset));
    if (!tlv) {
      Error error = tlv.error();
      error.offset = error.offset < 0 ? static_cast<std::ptrdiff_t>(offset)
                                      : error.offset + static_cast<std::ptrdiff_t>(offset);
      return error;
    }
    offset += tlv->total_size;
    list.push_back(*tlv);
  }
  return list;
}

Result<Com> parse_com(ByteView file) {
  auto outer = read_tlv(file);
  if (!outer) {
    return outer.error();
  }
  if (outer->tag != 0x60) {
    return make_error(ErrorCode::malformed, "EF.COM: tag is not 0x60", 0);
  }
  auto items = read_tlv_list(outer->value);
  if (!items) {
    Error error = items.error();
    error.message = "EF.COM: " + error.message;
    return error;
  }
  Com com;
  bool have_list = false;
  for (const auto& item : *items) {
    const std::string text(item.value.begin(), item.value.end());
    if (item.tag == 0x5F01) {
      com.lds_version = text;
    } else if (item.tag == 0x5F36) {
      com.unicode_version = text;
    } else if (item.tag == 0x5C) {
      have_list = true;
      for (std::uint8_t tag : item.value) {
        const auto id = file_from_tag(tag);
        if (!id || id->kind != FileId::Kind::dg) {
          return make_error(ErrorCode::malformed,
                            "EF.COM: tag list holds 0x" + std::string(1, "0123456789ABCDEF"[tag >> 4]) +
                                std::string(1, "0123456789ABCDEF"[tag & 0xF]) +
                                ", not a data group tag");
        }
        com.files.push_back(*id);
      }
    }
  }
  if (!have_list) {
    return make_error(ErrorCode::malformed, "EF.COM: no tag list (5C)");
  }
  return com;
}

Result<std::string> dg1_mrz(ByteView file) {
  auto outer = read_tlv(file);
  if (!outer) {
    return outer.error();
  }
  if (outer->tag != 0x61) {
    return make_error(ErrorCode::malformed, "DG1: tag is not 0x61", 0);
  }
  auto items = read_tlv_list(outer->value);
  if (!items) {
    Error error = items.error();
    error.message = "DG1: " + error.message;
    return error;
  }
  for (const auto& item : *items) {
    if (item.tag != 0x5F1F) {
      continue;
    }
    const std::string text(item.value.begin(), item.value.end());
    std::size_t line = 0;
    switch (text.size()) {
    case 88: // TD3, MRV-A
      line = 44;
      break;
    case 90: // TD1
      line = 30;
      break;
    case 72: // TD2, MRV-B
      line = 36;
      break;
    default:
      return make_error(ErrorCode::malformed,
                        "DG1: MRZ of " + std::to_string(text.size()) +
                            " characters (expected 88, 90 or 72)");
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += line) {
      if (i != 0) {
        out += '\n';
      }
      out += text.substr(i, line);
    }
    return out;
  }
  return make_error(ErrorCode::malformed, "DG1: no MRZ data object (5F1F)");
}

Result<bool> add_file(ChipFiles& files, FileId id, Bytes bytes, const std::string& name) {
  const std::string key = to_string(id);
  if (const auto previous = files.names.find(key); previous != files.names.end()) {
    return make_error(ErrorCode::invalid_argument,
                      "two files for " + key + ": '" + previous->second + "' and '" + name + "'");
  }
  files.names.emplace(key, name);
  switch (id.kind) {
  case FileId::Kind::sod:
    files.sod = std::move(bytes);
    break;
  case FileId::Kind::com:
    files.com = std::move(bytes);
    break;
  case FileId::Kind::dg:
    files.dgs.emplace(id.dg, std::move(bytes));
    break;
  }
  return true;
}

} // namespace mrtd::chip
