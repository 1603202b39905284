#include "report/json_writer.hpp"

namespace mrtd::report::detail {

namespace {

// Length of the valid UTF-8 sequence at `s`, or 0 when it is not valid (overlong forms,
// surrogates and code points over U+10FFFF are invalid).
std::size_t utf8_length(std::string_view s) noexcept {
  const auto b0 = static_cast<unsigned char>(s[0]);
  auto cont = [&](std::size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    return cont(1) ? 2 : 0;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) {
      return 0;
    }
    const auto b1 = static_cast<unsigned char>(s[1]);
    if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0)) {
      return 0;
    }
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) {
      return 0;
    }
    const auto b1 = static_cast<unsigned char>(s[1]);
    if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90)) {
      return 0;
    }
    return 4;
  }
  return 0;
}

} // namespace

void JsonWriter::newline() {
  if (m_indent >= 0) {
    m_out += '\n';
    m_out.append(static_cast<std::size_t>(m_depth * m_indent), ' ');
  }
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_depth > 0) { // an array element
    if (!m_first) {
      m_out += ',';
    }
    newline();
  }
  m_first = false;
}

void JsonWriter::begin_object() {
  before_value();
  m_out += '{';
  ++m_depth;
  m_first = true;
}

void JsonWriter::end_object() {
  --m_depth;
  if (!m_first) {
    newline();
  }
  m_out += '}';
  m_first = false;
}

void JsonWriter::begin_array() {
  before_value();
  m_out += '[';
  ++m_depth;
  m_first = true;
}

void JsonWriter::end_array() {
  end_object();
  m_out.back() = ']';
}

void JsonWriter::key(std::string_view key) {
  if (!m_first) {
    m_out += ',';
  }
  newline();
  m_first = false;
  escaped(key);
  m_out += m_indent >= 0 ? ": " : ":";
  m_after_key = true;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  escaped(text);
}

void JsonWriter::value(bool flag) {
  before_value();
  m_out += flag ? "true" : "false";
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  m_out += std::to_string(number);
}

void JsonWriter::null() {
  before_value();
  m_out += "null";
}

namespace {

// 1 for bytes that end a plain run: '"', '\\', control characters and non-ASCII bytes.
struct SpecialTable {
  bool special[256];
  constexpr SpecialTable() : special() {
    for (int c = 0; c < 256; ++c) {
      special[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
    }
  }
};
constexpr SpecialTable k_special;

} // namespace

void JsonWriter::escaped(std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  m_out += '"';
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t run = 0; // start of the pending run of bytes that need no escaping
  std::size_t i = 0;
  while (true) {
    while (i < size && !k_special.special[static_cast<unsigned char>(data[i])]) {
      ++i;
    }
    if (i == size) {
      break;
    }
    const auto c = static_cast<unsigned char>(data[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(text.substr(i));
      if (n > 0) {
        i += n; // valid UTF-8 passes through
        continue;
      }
    }
    m_out.append(data + run, i - run);
    switch (c) {
    case '"':
      m_out += "\\\"";
      break;
    case '\\':
      m_out += "\\\\";
      break;
    case '\n':
      m_out += "\\n";
      break;
    case '\r':
      m_out += "\\r";
      break;
    case '\t':
      m_out += "\\t";
      break;
    case '\b':
      m_out += "\\b";
      break;
    case '\f':
      m_out += "\\f";
      break;
    default:
      if (c < 0x20) {
        m_out += "\\u00";
        m_out += k_hex[c >> 4];
        m_out += k_hex[c & 15];
      } else {
        m_out += "\xEF\xBF\xBD"; // invalid UTF-8 byte -> U+FFFD, as nlohmann's replace mode
      }
      break;
    }
    ++i;
    run = i;
  }
  m_out.append(data + run, size - run);
  m_out += '"';
}

} // namespace mrtd::report::detail
