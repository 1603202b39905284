#include "core/flat_json.hpp"
#include "core/detail/json_scan.hpp"

namespace mrtd {

namespace {

class Parser {
public:
  explicit Parser(std::string_view text) : m_text(text) {}

  std::optional<std::vector<FlatMember>> object() {
    std::vector<FlatMember> members;
    members.reserve(4); // batch records: "mrz" and "id", perhaps a few more
    skip_space();
    if (!eat('{')) {
      return std::nullopt;
    }
    skip_space();
    if (!eat('}')) {
      while (true) {
        FlatMember member;
        skip_space();
        if (!string(member.key)) {
          return std::nullopt;
        }
        skip_space();
        if (!eat(':')) {
          return std::nullopt;
        }
        skip_space();
        if (!value(member)) {
          return std::nullopt;
        }
        for (const auto& other : members) {
          if (other.key == member.key) {
            return std::nullopt; // duplicates: leave the policy to the full parser
          }
        }
        members.push_back(std::move(member));
        skip_space();
        if (eat('}')) {
          break;
        }
        if (!eat(',')) {
          return std::nullopt;
        }
      }
    }
    skip_space();
    if (m_pos != m_text.size()) {
      return std::nullopt;
    }
    return members;
  }

private:
  bool eat(char c) {
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }

  void skip_space() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                     m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
      ++m_pos;
    }
  }

  bool literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) {
      return false;
    }
    m_pos += word.size();
    return true;
  }

  bool value(FlatMember& member) {
    if (m_pos >= m_text.size()) {
      return false;
    }
    const char c = m_text[m_pos];
    if (c == '"') {
      member.kind = FlatMember::Kind::string;
      return string(member.value);
    }
    if (c == 't' || c == 'f') {
      member.kind = FlatMember::Kind::boolean;
      member.value = c == 't' ? "true" : "false";
      return literal(member.value);
    }
    if (c == 'n') {
      member.kind = FlatMember::Kind::null;
      member.value = "null";
      return literal("null");
    }
    // Integer: -?(0|[1-9][0-9]*), at most 18 digits; fractions and exponents are left to the
    // full parser (their canonical form is its business).
    const std::size_t start = m_pos;
    eat('-');
    const std::size_t digits = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
      ++m_pos;
    }
    const std::size_t count = m_pos - digits;
    if (count == 0 || count > 18 || (count > 1 && m_text[digits] == '0')) {
      return false;
    }
    if (m_pos < m_text.size() &&
        (m_text[m_pos] == '.' || m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
      return false;
    }
    member.kind = FlatMember::Kind::integer;
    member.value = std::string(m_text.substr(start, m_pos - start));
    return !(member.value == "-0"); // nlohmann writes -0 back as 0
  }

  static int hex(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  }

  bool code_unit(unsigned& out) {
    if (m_pos + 4 > m_text.size()) {
      return false;
    }
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex(m_text[m_pos++]);
      if (h < 0) {
        return false;
      }
      out = out * 16 + static_cast<unsigned>(h);
    }
    return true;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Length of a valid UTF-8 sequence at m_pos (non-ASCII lead byte), else 0.
  std::size_t utf8_length() const {
    const auto at = [&](std::size_t i) {
      return m_pos + i < m_text.size() ? static_cast<unsigned char>(m_text[m_pos + i]) : 0U;
    };
    const unsigned b0 = at(0);
    const auto cont = [&](std::size_t i) { return (at(i) & 0xC0) == 0x80; };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      return cont(1) ? 2 : 0;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
      if (!cont(1) || !cont(2) || (b0 == 0xE0 && at(1) < 0xA0) || (b0 == 0xED && at(1) >= 0xA0)) {
        return 0;
      }
      return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
      if (!cont(1) || !cont(2) || !cont(3) || (b0 == 0xF0 && at(1) < 0x90) ||
          (b0 == 0xF4 && at(1) >= 0x90)) {
        return 0;
      }
      return 4;
    }
    return 0;
  }

  bool string(std::string& out) {
    if (!eat('"')) {
      return false;
    }
    while (m_pos < m_text.size()) {
      // Plain ASCII runs are copied in one append.
      const std::size_t run = m_pos;
      m_pos = detail::plain_run_end(m_text.data(), m_pos, m_text.size());
      out.append(m_text.substr(run, m_pos - run));
      if (m_pos >= m_text.size()) {
        break;
      }
      const auto c = static_cast<unsigned char>(m_text[m_pos]);
      if (c == '"') {
        ++m_pos;
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c >= 0x80) {
        const std::size_t n = utf8_length();
        if (n == 0) {
          return false;
        }
        out.append(m_text.substr(m_pos, n));
        m_pos += n;
        continue;
      }
      ++m_pos;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (m_pos >= m_text.size()) {
        return false;
      }
      const char e = m_text[m_pos++];
      switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned cp = 0;
        if (!code_unit(cp)) {
          return false;
        }
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false; // a lone low surrogate
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned low = 0;
          if (!eat('\\') || !eat('u') || !code_unit(low) || low < 0xDC00 || low > 0xDFFF) {
            return false;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default:
        return false;
      }
    }
    return false;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

} // namespace

std::optional<std::vector<FlatMember>> parse_flat_object(std::string_view text) {
  return Parser(text).object();
}

} // namespace mrtd
