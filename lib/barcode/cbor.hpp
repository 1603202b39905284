#pragma once

// A minimal, bounded CBOR (RFC 8949) reader for COSE_Sign1 and CWT (EU DCC, barcodes.md §4),
// plus the few writers needed to build a COSE Sig_structure. COSE maps have integer keys, so a
// JSON library cannot read them; sub-trees with text keys (the DCC claim -260/1) can be turned
// into JSON text with to_json().

#include "barcode/payload.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::barcode::cbor {

/// The kind of a decoded item (RFC 8949 §3.1 major types; major type 7 split in two).
enum class Type {
  unsigned_integer, ///< major type 0: `number` is the value
  negative_integer, ///< major type 1: the value is -1 - `number`
  bytes,            ///< major type 2: `data`
  text,             ///< major type 3: `data` (UTF-8, not validated here)
  array,            ///< major type 4: `items`
  map,              ///< major type 5: `items` = key, value, key, value, ... (input order)
  tag,              ///< major type 6: `number` is the tag, `items[0]` the tagged item
  simple,  ///< major type 7 simple value in `number`: 20 false, 21 true, 22 null, 23 undefined
  floating ///< major type 7 half/single/double float in `floating`
};

/// One decoded item. Indefinite-length strings are joined, indefinite arrays and maps read like
/// definite ones.
struct Value {
  Type type = Type::simple;
  std::uint64_t number = 0;
  double floating = 0;
  Bytes data;
  std::vector<Value> items;

  /// The integer value of major types 0 and 1 when it fits an int64_t.
  std::optional<std::int64_t> as_int() const noexcept;
  /// `data` as text, for Type::text (empty view otherwise).
  std::string_view text() const noexcept;
  /// The value of a map entry whose key is the integer `key`, or nullptr (also for non-maps).
  const Value* find(std::int64_t key) const noexcept;
  /// The value of a map entry whose key is the text `key`, or nullptr.
  const Value* find(std::string_view key) const noexcept;
};

/// Bounds for hostile input: nesting depth and total number of items.
struct Limits {
  std::size_t max_depth = 32;
  std::size_t max_items = 100000;
};

/// Decodes exactly one CBOR item filling all of `data`. Errors: malformed (truncated, reserved
/// additional information, a break outside an indefinite item, a string chunk of the wrong
/// type, trailing bytes), limit_exceeded (depth or item count). Lengths are checked against the
/// remaining input before anything is allocated.
Result<Value> decode(ByteView data, const Limits& limits = {});

/// The JSON text (compact, UTF-8) of a sub-tree whose maps all have text keys. Integers, text,
/// arrays, maps, true/false/null (undefined -> null) and finite floats convert; tags are dropped
/// (RFC 8949 §6.1). Errors: unsupported (non-text map keys, byte strings, non-finite floats,
/// integers beyond int64/uint64), malformed (invalid UTF-8, duplicate map keys).
Result<std::string> to_json(const Value& value);

/// Writes an item head: major type 0..7 with the shortest argument encoding (RFC 8949 §4.2.1).
void write_head(Bytes& out, std::uint8_t major, std::uint64_t argument);
/// Writes a definite byte string.
void write_bytes(Bytes& out, ByteView bytes);
/// Writes a definite text string.
void write_text(Bytes& out, std::string_view text);

} // namespace mrtd::barcode::cbor
