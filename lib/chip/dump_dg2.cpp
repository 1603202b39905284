// DG2: biometric information templates (9303-10 §4.7.2, ISO/IEC 7816-11) holding
// ISO/IEC 19794-5:2005 facial records.

#include "chip/detail/dump_parts.hpp"

#include <array>

namespace mrtd::chip::detail {

namespace {

std::uint32_t be(ByteView bytes, std::size_t offset, std::size_t size) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < size; ++i) {
    value = (value << 8) | bytes[offset + i];
  }
  return value;
}

std::string hex_code(std::uint32_t code) {
  return "0x" + hex(ByteView(std::array<std::uint8_t, 1>{static_cast<std::uint8_t>(code)}));
}

// A coded value's name from `names` (index = code), `unknown` for 0xFF, else the hex code.
template <std::size_t N>
std::string coded(std::uint32_t code, const std::array<const char*, N>& names) {
  if (code < N) {
    return names[code];
  }
  return code == 0xFF ? "unknown" : hex_code(code);
}

constexpr std::array<const char*, 3> k_gender = {"unspecified", "male", "female"};
constexpr std::array<const char*, 8> k_eye = {"unspecified", "black", "blue",  "brown",
                                              "gray",        "green", "multi-coloured", "pink"};
constexpr std::array<const char*, 8> k_hair = {"unspecified", "bald", "black", "blonde",
                                               "brown",       "gray", "white", "red"};
constexpr std::array<const char*, 8> k_expression = {
    "unspecified",  "neutral",           "smile, closed jaw", "smile, open jaw",
    "raised eyebrows", "eyes looking away", "squinting",     "frowning"};
constexpr std::array<const char*, 3> k_image_type = {"basic", "full frontal", "token frontal"};
constexpr std::array<const char*, 2> k_data_type = {"JPEG", "JPEG2000"};
constexpr std::array<const char*, 5> k_colour_space = {"unspecified", "24-bit RGB", "YUV422",
                                                       "8-bit greyscale", "other"};
constexpr std::array<const char*, 8> k_source = {
    "unspecified", "static photo, unknown source", "static photo, digital still",
    "static photo, scan", "video frame, unknown source", "video frame, analogue",
    "video frame, digital", "unknown"};

// The image's format by its own signature, which wins over the declared data type.
std::string extension_of(ByteView image, std::uint32_t data_type) {
  static constexpr std::uint8_t k_jp2[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
  if (image.size() >= 3 && image[0] == 0xFF && image[1] == 0xD8 && image[2] == 0xFF) {
    return "jpg";
  }
  if (image.size() >= 8 && std::equal(std::begin(k_jp2), std::end(k_jp2), image.begin())) {
    return "jp2";
  }
  if (image.size() >= 4 && image[0] == 0xFF && image[1] == 0x4F && image[2] == 0xFF &&
      image[3] == 0x51) {
    return "j2k"; // a bare JPEG 2000 codestream
  }
  return data_type == 0 ? "jpg" : data_type == 1 ? "jp2" : "bin";
}

// BHT element names (ISO/IEC 7816-11 Table 6, 9303-10 Table 38).
std::string bht_name(std::uint32_t tag) {
  switch (tag) {
  case 0x80:
    return "icao_header_version";
  case 0x81:
    return "biometric_type";
  case 0x82:
    return "biometric_subtype";
  case 0x83:
    return "creation_date_time";
  case 0x85:
    return "validity_period";
  case 0x86:
    return "creator";
  case 0x87:
    return "format_owner";
  case 0x88:
    return "format_type";
  default:
    return "tag_" + hex(ByteView(std::array<std::uint8_t, 1>{static_cast<std::uint8_t>(tag)}));
  }
}

// One ISO/IEC 19794-5 facial record: a 14-byte header, then per face a 20-byte facial
// information block, 8 bytes per feature point, a 12-byte image information block, the image.
Result<std::vector<FaceDump>> parse_record(ByteView record,
                                           const std::vector<std::pair<std::string, std::string>>& header) {
  static constexpr std::uint8_t k_magic[] = {'F', 'A', 'C', 0};
  if (record.size() < 14 || !std::equal(std::begin(k_magic), std::end(k_magic), record.begin())) {
    return make_error(ErrorCode::unsupported, "biometric data block is not an ISO/IEC 19794-5 "
                                              "facial record (no 'FAC' header)");
  }
  std::string version;
  for (std::size_t i = 4; i < 8 && record[i] != 0; ++i) {
    version += static_cast<char>(record[i]);
  }
  const std::uint32_t count = be(record, 12, 2);
  std::vector<FaceDump> faces;
  std::size_t offset = 14;
  for (std::uint32_t n = 0; n < count; ++n) {
    if (record.size() - offset < 32) {
      return make_error(ErrorCode::malformed, "facial record truncated in face " +
                                                  std::to_string(n + 1),
                        static_cast<std::ptrdiff_t>(offset));
    }
    FaceDump face;
    face.header = header;
    face.format_version = version;
    const std::size_t block = be(record, offset, 4);
    face.feature_points = static_cast<int>(be(record, offset + 4, 2));
    face.gender = coded(record[offset + 6], k_gender);
    face.eye_colour = coded(record[offset + 7], k_eye);
    face.hair_colour = coded(record[offset + 8], k_hair);
    face.property_mask = be(record, offset + 9, 3);
    face.expression = coded(be(record, offset + 12, 2), k_expression);
    face.pose_yaw = record[offset + 14];
    face.pose_pitch = record[offset + 15];
    face.pose_roll = record[offset + 16];
    const std::size_t info = offset + 20 + 8 * static_cast<std::size_t>(face.feature_points);
    const std::size_t image_start = info + 12;
    if (block < image_start - offset || block > record.size() - offset) {
      return make_error(ErrorCode::malformed,
                        "facial information block length " + std::to_string(block) +
                            " does not fit the record",
                        static_cast<std::ptrdiff_t>(offset));
    }
    face.image_type = coded(record[info], k_image_type);
    const std::uint32_t data_type = record[info + 1];
    face.image_data_type = coded(data_type, k_data_type);
    face.width = static_cast<int>(be(record, info + 2, 2));
    face.height = static_cast<int>(be(record, info + 4, 2));
    face.colour_space = coded(record[info + 6], k_colour_space);
    face.source_type = coded(record[info + 7], k_source);
    const ByteView image = record.subspan(image_start, offset + block - image_start);
    face.extension = extension_of(image, data_type);
    face.image.assign(image.begin(), image.end());
    face.image_sha256 = sha256_hex(image);
    faces.push_back(std::move(face));
    offset += block;
  }
  return faces;
}

} // namespace

Result<std::vector<FaceDump>> parse_faces(ByteView file) {
  auto outer = read_tlv(file);
  if (!outer) {
    return outer.error();
  }
  auto group = read_tlv(outer->value);
  if (outer->tag != 0x75 || !group || group->tag != 0x7F61) {
    return make_error(ErrorCode::malformed,
                      "not DG2 (tag 0x75 holding a biometric information group template 7F61)", 0);
  }
  auto templates = read_tlv_list(group->value);
  if (!templates) {
    return templates.error();
  }
  std::vector<FaceDump> faces;
  for (const auto& bit : *templates) {
    if (bit.tag != 0x7F60) {
      continue; // 02: the number of templates
    }
    auto members = read_tlv_list(bit.value);
    if (!members) {
      return members.error();
    }
    std::vector<std::pair<std::string, std::string>> header;
    std::optional<ByteView> block;
    for (const auto& member : *members) {
      if (member.tag == 0xA1) {
        auto elements = read_tlv_list(member.value);
        if (!elements) {
          return elements.error();
        }
        for (const auto& element : *elements) {
          header.emplace_back(bht_name(element.tag), hex(element.value));
        }
      } else if (member.tag == 0x5F2E) {
        block = member.value;
      } else if (member.tag == 0x7F2E) {
        return make_error(ErrorCode::unsupported,
                          "biometric data block 7F2E (enciphered or constructed) not decoded");
      }
    }
    if (!block) {
      return make_error(ErrorCode::malformed, "biometric information template without 5F2E");
    }
    auto record = parse_record(*block, header);
    if (!record) {
      return record.error();
    }
    for (auto& face : *record) {
      faces.push_back(std::move(face));
    }
  }
  if (faces.empty()) {
    return make_error(ErrorCode::malformed, "DG2 holds no facial image");
  }
  return faces;
}

} // namespace mrtd::chip::detail
