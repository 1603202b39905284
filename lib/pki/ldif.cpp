#include "pki/ldif.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <utility>

namespace mrtd::pki {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// RFC 4648 base64 as LDIF writes it (one unfolded run, `=` padding). EVP_DecodeBlock rejects
// characters outside the alphabet and lengths that are not a multiple of 4, but counts the
// padding as zero bytes: those are dropped here.
std::optional<Bytes> decode_base64(std::string_view text) {
  text = trim(text);
  if (text.size() % 4 != 0 || text.size() > static_cast<std::size_t>(INT_MAX)) {
    return std::nullopt;
  }
  if (text.empty()) {
    return Bytes{};
  }
  std::size_t padding = 0;
  while (padding < 2 && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  if (text.substr(0, text.size() - padding).find('=') != std::string_view::npos) {
    return std::nullopt; // `=` only at the end
  }
  Bytes out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0 || static_cast<std::size_t>(n) != out.size()) {
    return std::nullopt;
  }
  out.resize(out.size() - padding);
  return out;
}

// The RDNs and attribute values of an RFC 4514 DN string, split at unescaped `,` and `+`, for
// the two facts the reader needs: the country (`c=`) and the collection (`dc=nc-data`).
// Escapes are resolved in values (`\,` and `\2C` alike); the DN itself is kept verbatim.
struct DnFacts {
  std::optional<std::string> country;
  bool non_conformant = false;
};

std::string unescape(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\' || i + 1 >= value.size()) {
      out += value[i];
      continue;
    }
    const auto hex = [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    };
    if (i + 2 < value.size() && hex(value[i + 1]) && hex(value[i + 2])) {
      const auto digit = [](char c) {
        return c <= '9' ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
      };
      out += static_cast<char>(digit(value[i + 1]) * 16 + digit(value[i + 2]));
      i += 2;
    } else {
      out += value[++i];
    }
  }
  return out;
}

void note_attribute(std::string_view ava, DnFacts& facts) {
  const std::size_t equals = ava.find('=');
  if (equals == std::string_view::npos) {
    return;
  }
  const std::string type = lower(trim(ava.substr(0, equals)));
  const std::string value = unescape(trim(ava.substr(equals + 1)));
  if (type == "c" && !facts.country) {
    facts.country = upper(value);
  } else if (type == "dc" && lower(value) == "nc-data") {
    facts.non_conformant = true;
  }
}

DnFacts dn_facts(std::string_view dn) {
  DnFacts facts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= dn.size(); ++i) {
    if (i < dn.size() && dn[i] == '\\') {
      ++i; // the escaped character (or the first of two hex digits) cannot split
      continue;
    }
    if (i == dn.size() || dn[i] == ',' || dn[i] == '+') {
      note_attribute(dn.substr(start, i - start), facts);
      start = i + 1;
    }
  }
  return facts;
}

enum class Attribute { other, certificate, crl, master_list, conformance_code, conformance_text };

// Attribute names are case-insensitive (RFC 4512 §2.5); options such as `;binary` do not
// change what the value is.
Attribute classify(std::string_view description) {
  const std::string name = lower(description.substr(0, description.find(';')));
  if (name == "usercertificate" || name == "cacertificate") {
    return Attribute::certificate;
  }
  if (name == "certificaterevocationlist") {
    return Attribute::crl;
  }
  if (name == "pkdmasterlistcontent" || name == "cscamasterlistdata") {
    return Attribute::master_list;
  }
  if (name == "pkdconformancecode") {
    return Attribute::conformance_code;
  }
  if (name == "pkdconformancetext") {
    return Attribute::conformance_text;
  }
  return Attribute::other;
}

} // namespace

struct LdifReader::Impl {
  ItemHandler on_item;
  ProblemHandler on_problem;

  std::string carry;          // a physical line whose end has not arrived yet
  std::string line;           // the logical line being unfolded
  std::size_t line_no = 0;    // physical line where `line` starts
  bool has_line = false;
  std::size_t physical = 0;   // physical lines completed so far
  std::size_t entry_count = 0;
  bool seen_record = false;   // a `version:` or `dn:` was read: this is LDIF
  std::optional<Error> failure; // sticky: feed() after an error repeats it

  // The entry being read: only what becomes a PkdItem is kept.
  bool in_entry = false;
  bool entry_bad = false;     // a problem was reported; the rest of the entry is skipped
  bool orphan = false;        // attributes after a blank line without `dn:`: skipped
  std::string dn;
  std::vector<std::pair<PkdItem::Kind, Bytes>> values;
  std::vector<std::string> codes;
  std::vector<std::string> texts;

  void problem(std::size_t at, const std::string& what) {
    if (on_problem) {
      on_problem("LDIF line " + std::to_string(at) + ": " + what);
    }
  }

  void end_entry() {
    if (in_entry) {
      ++entry_count;
      if (!entry_bad) {
        const DnFacts facts = dn_facts(dn);
        for (auto& [kind, der] : values) {
          PkdItem item;
          item.kind = kind;
          item.der = std::move(der);
          item.dn = dn;
          item.country = facts.country;
          item.non_conformant = facts.non_conformant;
          item.conformance_codes = codes;
          item.conformance_texts = texts;
          if (on_item) {
            on_item(std::move(item));
          }
        }
      }
    }
    in_entry = false;
    entry_bad = false;
    orphan = false;
    dn.clear();
    values.clear();
    codes.clear();
    texts.clear();
  }

  // One unfolded line: `name: value`, `name:: base64` or `name:< url`.
  Result<bool> logical(std::string_view text, std::size_t at) {
    if (!text.empty() && text.front() == '#') {
      return true; // a comment (RFC 2849: also when folded)
    }
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      if (!seen_record) {
        return make_error(ErrorCode::malformed, "not LDIF: line " + std::to_string(at) +
                                                    " is not `name: value`");
      }
      if (in_entry && !entry_bad) {
        problem(at, "not `name: value`; entry " + dn + " skipped");
        entry_bad = true;
      } else if (!in_entry && !orphan) {
        problem(at, "not `name: value` outside an entry; skipped");
        orphan = true;
      }
      return true;
    }
    const std::string_view name = text.substr(0, colon);
    std::string_view rest = text.substr(colon + 1);
    bool base64 = false;
    bool url = false;
    if (!rest.empty() && rest.front() == ':') {
      base64 = true;
      rest.remove_prefix(1);
    } else if (!rest.empty() && rest.front() == '<') {
      url = true;
      rest.remove_prefix(1);
    }
    while (!rest.empty() && rest.front() == ' ') {
      rest.remove_prefix(1);
    }
    const std::string key = lower(name);

    if (key == "dn") {
      if (in_entry) { // no blank line before it: tolerated, the previous entry ends here
        end_entry();
      }
      seen_record = true;
      in_entry = true;
      orphan = false;
      if (base64) {
        const auto decoded = decode_base64(rest);
        if (!decoded) {
          problem(at, "`dn::` is not valid base64; entry skipped");
          entry_bad = true;
          return true;
        }
        dn.assign(decoded->begin(), decoded->end());
      } else {
        dn.assign(trim(rest));
      }
      return true;
    }
    if (!in_entry) {
      if (key == "version" && !seen_record) {
        seen_record = true;
        if (trim(rest) != "1") {
          problem(at, "LDIF version " + std::string(trim(rest)) + " (expected 1)");
        }
        return true;
      }
      if (!seen_record) {
        return make_error(ErrorCode::malformed,
                          "not LDIF: line " + std::to_string(at) + " comes before any `dn:`");
      }
      if (!orphan) {
        problem(at, "attribute `" + std::string(name) + "` outside an entry (no `dn:`); skipped");
        orphan = true;
      }
      return true;
    }
    if (entry_bad) {
      return true;
    }
    const Attribute attribute = classify(name);
    if (attribute == Attribute::other) {
      return true; // not needed: not even decoded
    }
    if (url) {
      problem(at, "`" + std::string(name) + ":<` (value by URL) is not supported; entry " + dn +
                      " skipped");
      entry_bad = true;
      return true;
    }
    if (trim(rest).empty()) {
      problem(at, "attribute `" + std::string(name) + "` has no value; entry " + dn + " skipped");
      entry_bad = true;
      return true;
    }
    std::string value;
    if (base64) {
      auto decoded = decode_base64(rest);
      if (!decoded) {
        problem(at, "attribute `" + std::string(name) + "` is not valid base64; entry " + dn +
                        " skipped");
        entry_bad = true;
        return true;
      }
      switch (attribute) {
      case Attribute::certificate:
        values.emplace_back(PkdItem::Kind::certificate, std::move(*decoded));
        return true;
      case Attribute::crl:
        values.emplace_back(PkdItem::Kind::crl, std::move(*decoded));
        return true;
      case Attribute::master_list:
        values.emplace_back(PkdItem::Kind::master_list, std::move(*decoded));
        return true;
      default:
        value.assign(decoded->begin(), decoded->end());
      }
    } else {
      if (attribute != Attribute::conformance_code && attribute != Attribute::conformance_text) {
        problem(at, "binary attribute `" + std::string(name) +
                        "` is not base64 (`::`); entry " + dn + " skipped");
        entry_bad = true;
        return true;
      }
      value.assign(trim(rest));
    }
    (attribute == Attribute::conformance_code ? codes : texts).push_back(std::move(value));
    return true;
  }

  Result<bool> flush_line() {
    if (!has_line) {
      return true;
    }
    has_line = false;
    auto result = logical(line, line_no);
    line.clear();
    return result;
  }

  // One physical line, without its line break.
  Result<bool> physical_line(std::string_view text) {
    ++physical;
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    if (!text.empty() && text.front() == ' ') {
      if (!has_line) {
        // A continuation with nothing to continue (after a blank line): harmless when blank.
        if (!trim(text).empty()) {
          problem(physical, "continuation line without a line to continue; ignored");
        }
        return true;
      }
      if (line.size() + text.size() - 1 > k_max_ldif_line) {
        return limit(line_no);
      }
      line.append(text.substr(1));
      return true;
    }
    if (auto flushed = flush_line(); !flushed) {
      return flushed;
    }
    if (text.empty()) {
      end_entry();
      return true;
    }
    if (text.size() > k_max_ldif_line) {
      return limit(physical);
    }
    line.assign(text);
    line_no = physical;
    has_line = true;
    return true;
  }

  Error limit(std::size_t at) const {
    return make_error(ErrorCode::limit_exceeded,
                      "LDIF line " + std::to_string(at) + " is longer than " +
                          std::to_string(k_max_ldif_line) + " bytes");
  }

  Result<bool> fail(Error error) {
    failure = error;
    line.clear();
    line.shrink_to_fit();
    carry.clear();
    carry.shrink_to_fit();
    return error;
  }

  Result<bool> feed(std::string_view text) {
    if (failure) {
      return *failure;
    }
    while (!text.empty()) {
      const std::size_t newline = text.find('\n');
      if (newline == std::string_view::npos) {
        // Bounded: a line cannot grow past the limit (plus its CR) while waiting for its end.
        if (carry.size() + text.size() > k_max_ldif_line + 1) {
          return fail(limit(physical + 1));
        }
        carry.append(text);
        return true;
      }
      Result<bool> done = true;
      if (carry.empty()) {
        done = physical_line(text.substr(0, newline));
      } else {
        if (carry.size() + newline > k_max_ldif_line + 1) {
          return fail(limit(physical + 1));
        }
        carry.append(text.substr(0, newline));
        done = physical_line(carry);
        carry.clear();
      }
      if (!done) {
        return fail(done.error());
      }
      text.remove_prefix(newline + 1);
    }
    return true;
  }

  Result<bool> finish() {
    if (failure) {
      return *failure;
    }
    if (!carry.empty()) {
      std::string last = std::move(carry);
      carry.clear();
      if (auto done = physical_line(last); !done) {
        return fail(done.error());
      }
    }
    if (auto done = flush_line(); !done) {
      return fail(done.error());
    }
    end_entry();
    return true;
  }
};

LdifReader::LdifReader(ItemHandler on_item, ProblemHandler on_problem)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->on_item = std::move(on_item);
  m_impl->on_problem = std::move(on_problem);
}

LdifReader::~LdifReader() = default;

Result<bool> LdifReader::feed(std::string_view text) { return m_impl->feed(text); }

Result<bool> LdifReader::finish() { return m_impl->finish(); }

std::size_t LdifReader::entries() const noexcept { return m_impl->entry_count; }

} // namespace mrtd::pki
