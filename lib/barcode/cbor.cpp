#include "barcode/cbor.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <limits>

namespace mrtd::barcode::cbor {

std::optional<std::int64_t> Value::as_int() const noexcept {
  constexpr auto k_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (type == Type::unsigned_integer && number <= k_max) {
    return static_cast<std::int64_t>(number);
  }
  if (type == Type::negative_integer && number <= k_max) {
    return -1 - static_cast<std::int64_t>(number);
  }
  return std::nullopt;
}

std::string_view Value::text() const noexcept {
  if (type != Type::text) {
    return {};
  }
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}

const Value* Value::find(std::int64_t key) const noexcept {
  if (type != Type::map) {
    return nullptr;
  }
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].as_int() == key) {
      return &items[i + 1];
    }
  }
  return nullptr;
}

const Value* Value::find(std::string_view key) const noexcept {
  if (type != Type::map) {
    return nullptr;
  }
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].type == Type::text && items[i].text() == key) {
      return &items[i + 1];
    }
  }
  return nullptr;
}

namespace {

constexpr std::uint8_t k_break = 0xFF;

struct Head {
  std::uint8_t major = 0;
  std::uint8_t info = 0;
  std::uint64_t argument = 0;
  bool indefinite = false;
};

double half_to_double(std::uint16_t h) noexcept {
  const int exponent = (h >> 10) & 0x1F;
  const int mantissa = h & 0x3FF;
  double value = 0;
  if (exponent == 0) {
    value = std::ldexp(mantissa, -24);
  } else if (exponent != 31) {
    value = std::ldexp(mantissa + 1024, exponent - 25);
  } else {
    value = mantissa == 0 ? std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::quiet_NaN();
  }
  return (h & 0x8000) != 0 ? -value : value;
}

// Recursive descent over the input; every length is checked against what is left before use.
class Reader {
public:
  Reader(ByteView data, const Limits& limits) : m_data(data), m_limits(limits) {}

  std::size_t position() const noexcept { return m_pos; }

  Result<Value> item(std::size_t depth) {
    if (depth > m_limits.max_depth) {
      return fail(ErrorCode::limit_exceeded, "CBOR nesting deeper than the limit");
    }
    if (++m_items > m_limits.max_items) {
      return fail(ErrorCode::limit_exceeded, "more CBOR items than the limit");
    }
    const std::size_t start = m_pos;
    auto head = read_head();
    if (!head) {
      return head.error();
    }
    Value v;
    const Head& h = *head;
    switch (h.major) {
    case 0:
      v.type = Type::unsigned_integer;
      v.number = h.argument;
      return v;
    case 1:
      v.type = Type::negative_integer;
      v.number = h.argument;
      return v;
    case 2:
    case 3:
      v.type = h.major == 2 ? Type::bytes : Type::text;
      if (auto ok = string_body(h, v.data); !ok) {
        return ok.error();
      }
      return v;
    case 4:
    case 5: {
      v.type = h.major == 4 ? Type::array : Type::map;
      const std::size_t per_entry = h.major == 4 ? 1 : 2;
      if (h.indefinite) {
        while (true) {
          if (m_pos >= m_data.size()) {
            return fail(ErrorCode::malformed, "truncated indefinite-length CBOR item");
          }
          if (m_data[m_pos] == k_break) {
            ++m_pos;
            break;
          }
          for (std::size_t k = 0; k < per_entry; ++k) {
            auto child = item(depth + 1);
            if (!child) {
              return child.error();
            }
            v.items.push_back(std::move(*child));
          }
        }
        return v;
      }
      // Each item takes at least one byte: a count beyond the rest is truncated input.
      if (h.argument > (m_data.size() - m_pos) / per_entry) {
        return fail(ErrorCode::malformed, "CBOR container longer than its input", start);
      }
      const auto count = static_cast<std::size_t>(h.argument) * per_entry;
      v.items.reserve(count);
      for (std::size_t k = 0; k < count; ++k) {
        auto child = item(depth + 1);
        if (!child) {
          return child.error();
        }
        v.items.push_back(std::move(*child));
      }
      return v;
    }
    case 6: {
      v.type = Type::tag;
      v.number = h.argument;
      auto child = item(depth + 1);
      if (!child) {
        return child.error();
      }
      v.items.push_back(std::move(*child));
      return v;
    }
    default:
      return simple_or_float(h, start);
    }
  }

private:
  Error fail(ErrorCode code, std::string message) const {
    return make_error(code, std::move(message), static_cast<std::ptrdiff_t>(m_pos));
  }
  Error fail(ErrorCode code, std::string message, std::size_t at) const {
    return make_error(code, std::move(message), static_cast<std::ptrdiff_t>(at));
  }

  Result<Head> read_head() {
    if (m_pos >= m_data.size()) {
      return fail(ErrorCode::malformed, "truncated CBOR item");
    }
    const std::size_t start = m_pos;
    const std::uint8_t initial = m_data[m_pos++];
    Head h;
    h.major = static_cast<std::uint8_t>(initial >> 5);
    h.info = static_cast<std::uint8_t>(initial & 0x1F);
    if (h.info < 24) {
      h.argument = h.info;
    } else if (h.info <= 27) {
      const std::size_t n = std::size_t{1} << (h.info - 24);
      if (m_data.size() - m_pos < n) {
        return fail(ErrorCode::malformed, "truncated CBOR argument", start);
      }
      for (std::size_t k = 0; k < n; ++k) {
        h.argument = (h.argument << 8) | m_data[m_pos++];
      }
    } else if (h.info == 31) {
      if (h.major == 0 || h.major == 1 || h.major == 6) {
        return fail(ErrorCode::malformed, "indefinite length on a CBOR type without length", start);
      }
      if (h.major == 7) {
        return fail(ErrorCode::malformed, "CBOR break outside an indefinite-length item", start);
      }
      h.indefinite = true;
    } else {
      return fail(ErrorCode::malformed, "reserved CBOR additional information", start);
    }
    return h;
  }

  Result<bool> string_body(const Head& h, Bytes& out) {
    if (!h.indefinite) {
      if (h.argument > m_data.size() - m_pos) {
        return fail(ErrorCode::malformed, "CBOR string longer than its input");
      }
      const auto n = static_cast<std::size_t>(h.argument);
      out.assign(m_data.begin() + static_cast<std::ptrdiff_t>(m_pos),
                 m_data.begin() + static_cast<std::ptrdiff_t>(m_pos + n));
      m_pos += n;
      return true;
    }
    // RFC 8949 §3.2.3: chunks are definite strings of the same major type.
    while (true) {
      if (m_pos >= m_data.size()) {
        return fail(ErrorCode::malformed, "truncated indefinite-length CBOR string");
      }
      if (m_data[m_pos] == k_break) {
        ++m_pos;
        return true;
      }
      if (++m_items > m_limits.max_items) {
        return fail(ErrorCode::limit_exceeded, "more CBOR items than the limit");
      }
      const std::size_t chunk_at = m_pos;
      auto chunk = read_head();
      if (!chunk) {
        return chunk.error();
      }
      if (chunk->major != h.major || chunk->indefinite) {
        return fail(ErrorCode::malformed, "bad chunk in an indefinite-length CBOR string",
                    chunk_at);
      }
      if (chunk->argument > m_data.size() - m_pos) {
        return fail(ErrorCode::malformed, "CBOR string longer than its input");
      }
      const auto n = static_cast<std::size_t>(chunk->argument);
      out.insert(out.end(), m_data.begin() + static_cast<std::ptrdiff_t>(m_pos),
                 m_data.begin() + static_cast<std::ptrdiff_t>(m_pos + n));
      m_pos += n;
    }
  }

  Result<Value> simple_or_float(const Head& h, std::size_t start) const {
    Value v;
    switch (h.info) {
    case 24:
      // RFC 8949 §3.3: simple values below 32 must use the one-byte form.
      if (h.argument < 32) {
        return fail(ErrorCode::malformed, "non-canonical CBOR simple value", start);
      }
      v.type = Type::simple;
      v.number = h.argument;
      return v;
    case 25:
      v.type = Type::floating;
      v.floating = half_to_double(static_cast<std::uint16_t>(h.argument));
      return v;
    case 26: {
      const auto bits = static_cast<std::uint32_t>(h.argument);
      float f = 0;
      std::memcpy(&f, &bits, sizeof f);
      v.type = Type::floating;
      v.floating = static_cast<double>(f);
      return v;
    }
    case 27: {
      const std::uint64_t bits = h.argument;
      double d = 0;
      std::memcpy(&d, &bits, sizeof d);
      v.type = Type::floating;
      v.floating = d;
      return v;
    }
    default:
      v.type = Type::simple;
      v.number = h.argument;
      return v;
    }
  }

  ByteView m_data;
  Limits m_limits;
  std::size_t m_pos = 0;
  std::size_t m_items = 0;
};

Result<nlohmann::json> to_json_value(const Value& v) {
  switch (v.type) {
  case Type::unsigned_integer:
    return nlohmann::json(v.number);
  case Type::negative_integer:
    if (auto i = v.as_int()) {
      return nlohmann::json(*i);
    }
    return make_error(ErrorCode::unsupported, "CBOR integer below the int64 range");
  case Type::bytes:
    return make_error(ErrorCode::unsupported, "CBOR byte string has no JSON form");
  case Type::text:
    return nlohmann::json(std::string(v.text()));
  case Type::array: {
    auto out = nlohmann::json::array();
    for (const Value& item : v.items) {
      auto j = to_json_value(item);
      if (!j) {
        return j.error();
      }
      out.push_back(std::move(*j));
    }
    return out;
  }
  case Type::map: {
    auto out = nlohmann::json::object();
    for (std::size_t i = 0; i + 1 < v.items.size(); i += 2) {
      if (v.items[i].type != Type::text) {
        return make_error(ErrorCode::unsupported, "CBOR map key is not text");
      }
      std::string key(v.items[i].text());
      if (out.contains(key)) {
        return make_error(ErrorCode::malformed, "duplicate CBOR map key '" + key + "'");
      }
      auto j = to_json_value(v.items[i + 1]);
      if (!j) {
        return j.error();
      }
      out[key] = std::move(*j);
    }
    return out;
  }
  case Type::tag:
    if (v.items.empty()) {
      return make_error(ErrorCode::malformed, "CBOR tag without an item");
    }
    return to_json_value(v.items.front());
  case Type::simple:
    if (v.number == 20 || v.number == 21) {
      return nlohmann::json(v.number == 21);
    }
    if (v.number == 22 || v.number == 23) {
      return nlohmann::json(nullptr);
    }
    return make_error(ErrorCode::unsupported, "CBOR simple value has no JSON form");
  case Type::floating:
    if (!std::isfinite(v.floating)) {
      return make_error(ErrorCode::unsupported, "non-finite CBOR float has no JSON form");
    }
    return nlohmann::json(v.floating);
  }
  return make_error(ErrorCode::unsupported, "unknown CBOR item");
}

} // namespace

Result<Value> decode(ByteView data, const Limits& limits) {
  Reader reader(data, limits);
  auto v = reader.item(0);
  if (!v) {
    return v.error();
  }
  if (reader.position() != data.size()) {
    return make_error(ErrorCode::malformed, "trailing bytes after the CBOR item",
                      static_cast<std::ptrdiff_t>(reader.position()));
  }
  return v;
}

Result<std::string> to_json(const Value& value) {
  auto j = to_json_value(value);
  if (!j) {
    return j.error();
  }
  try {
    return j->dump();
  } catch (const nlohmann::json::exception&) {
    return make_error(ErrorCode::malformed, "CBOR text is not valid UTF-8");
  }
}

void write_head(Bytes& out, std::uint8_t major, std::uint64_t argument) {
  const auto initial = static_cast<std::uint8_t>(major << 5);
  if (argument < 24) {
    out.push_back(static_cast<std::uint8_t>(initial | argument));
    return;
  }
  std::size_t n = 8;
  std::uint8_t info = 27;
  if (argument <= 0xFF) {
    n = 1;
    info = 24;
  } else if (argument <= 0xFFFF) {
    n = 2;
    info = 25;
  } else if (argument <= 0xFFFFFFFF) {
    n = 4;
    info = 26;
  }
  out.push_back(static_cast<std::uint8_t>(initial | info));
  for (std::size_t k = n; k-- > 0;) {
    out.push_back(static_cast<std::uint8_t>((argument >> (8 * k)) & 0xFF));
  }
}

void write_bytes(Bytes& out, ByteView bytes) {
  write_head(out, 2, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void write_text(Bytes& out, std::string_view text) {
  write_head(out, 3, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

} // namespace mrtd::barcode::cbor
