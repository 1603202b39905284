// The name rules of the MRZ (Doc 9303-3 §4.6): characters, structure, truncation.

#include "mrz/detail/engine.hpp"
#include "mrz/detail/rules.hpp"
#include "mrz/names.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

namespace mrtd::mrz::detail {

using namespace rules;

namespace {

// Bit i set when field[i] is a filler; field.size() <= 64. Eight characters at a time on
// little-endian machines (the usual zero-byte test on the characters XOR '<', whose per-byte
// flags one multiply gathers into eight bits), one at a time elsewhere.
std::uint64_t filler_bits(std::string_view field) noexcept {
  const std::size_t n = field.size();
  const char* p = field.data();
  std::uint64_t bits = 0;
  std::size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t k_fillers = 0x3C3C3C3C3C3C3C3CULL;
    constexpr std::uint64_t k_low7 = 0x7F7F7F7F7F7F7F7FULL;
    constexpr std::uint64_t k_gather = 0x0102040810204080ULL; // bit 8k -> bit 56 + k
    auto eight = [&](std::size_t at) {
      std::uint64_t word;
      std::memcpy(&word, p + at, sizeof word);
      const std::uint64_t x = word ^ k_fillers;
      const std::uint64_t zero = ~(((x & k_low7) + k_low7) | x | k_low7); // 0x80 per filler
      return ((zero >> 7) * k_gather) >> 56;
    };
    if (n >= 8) {
      for (; i + 8 <= n; i += 8) {
        bits |= eight(i) << i;
      }
      if (i < n) { // the last eight characters, overlapping bits already set alike
        bits |= eight(n - 8) << (n - 8);
        i = n;
      }
    }
  }
  for (; i < n; ++i) {
    bits |= static_cast<std::uint64_t>(p[i] == '<') << i;
  }
  return bits;
}

// Structural problems of an ICAO name field; nullptr when it conforms.
const char* structure_problem(std::string_view field) noexcept {
  if (all_fillers(field)) {
    return "the name field is empty";
  }
  if (field[0] == '<') {
    return "the primary identifier is empty (the field starts with a filler)";
  }
  // Within the content (trailing fillers cut; it ends in a non-filler, so no run of fillers
  // reaches its end): a "<<<" anywhere, or, with runs of at most two fillers, more than one
  // "<<". Name fields hold at most 39 characters, so a 64-bit mask of fillers answers both.
  bool several_pairs = false;
  bool triple = false;
  if (field.size() <= 64) {
    const std::uint64_t fillers = filler_bits(field);
    const std::uint64_t all =
        field.size() == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << field.size()) - 1;
    const auto length = static_cast<unsigned>(64 - std::countl_zero(~fillers & all));
    const std::uint64_t inside =
        length == 64 ? fillers : fillers & ((std::uint64_t{1} << length) - 1);
    const std::uint64_t pair_starts = inside & (inside >> 1);
    several_pairs = (pair_starts & (pair_starts - 1)) != 0; // more than one bit
    triple = (pair_starts & (inside >> 2)) != 0;
  } else {
    const std::string_view content = trim_fillers(field);
    std::size_t pairs = 0;
    for (std::size_t i = 0; i + 2 < content.size(); ++i) {
      const bool pair = content[i] == '<' && content[i + 1] == '<';
      pairs += pair ? 1 : 0;
      triple = triple || (pair && content[i + 2] == '<');
    }
    several_pairs = pairs > 1;
  }
  if (triple) {
    return "a run of three or more fillers inside the name";
  }
  if (several_pairs) {
    return "more than one << between name parts (only one separates primary and secondary)";
  }
  return nullptr;
}

bool name_characters_ok(std::string_view field) noexcept {
  // No early exit, so the loop vectorises (name fields hold at most 39 characters).
  unsigned char outside = 0;
  for (const char c : field) {
    outside |= static_cast<unsigned char>(1 - in_name_alphabet(c));
  }
  return outside == 0;
}

std::string bad_characters(std::string_view field) {
  std::string bad;
  for (char c : field) {
    if (!(is_letter(c) || c == '<') && bad.find(c) == std::string::npos) {
      bad += c;
    }
  }
  return bad;
}

} // namespace

template <typename Sink>
void check_name(Sink& sink, const Lines& lines, Format format, const FieldMap& map, Mrz* mrz) {
  const std::string_view field = get(lines, map.name);
  const std::string_view given = get(lines, map.given_names); // FRA-ID only

  if (name_characters_ok(field) && name_characters_ok(given)) {
    sink.add(CheckId::mrz_name_characters, S::pass, [] {
      return Detail{"name holds only A-Z and <", std::nullopt, std::nullopt};
    });
  } else {
    sink.add(CheckId::mrz_name_characters, S::fail, [&] {
      return Detail{"name holds characters other than A-Z and <: '" + bad_characters(field) +
                        bad_characters(given) + "'",
                    std::nullopt, str(field) + str(given)};
    });
  }

  const bool truncated = !field.empty() && field.back() != '<';
  if (format == Format::fra_id) {
    // French card: surname field, then a given-names field whose names are separated by <<.
    if (mrz) {
      mrz->primary_identifier = split_name(field).primary;
      std::string names;
      for (char c : trim_fillers(given)) {
        if (c != '<') {
          names += c;
        } else if (!names.empty() && names.back() != ' ') {
          names += ' ';
        }
      }
      mrz->secondary_identifier = std::move(names);
    }
    const bool ok = !field.empty() && field[0] != '<';
    sink.add(CheckId::mrz_name_structure, ok ? S::pass : S::fail, [&] {
      return Detail{ok ? "surname field filled from the left" : "the surname field is empty",
                    std::nullopt, std::nullopt};
    });
  } else {
    if (mrz) {
      NameParts parts = split_name(field);
      mrz->primary_identifier = std::move(parts.primary);
      mrz->secondary_identifier = std::move(parts.secondary);
    }
    const char* problem = structure_problem(field);
    sink.add(CheckId::mrz_name_structure, problem ? S::fail : S::pass, [&] {
      std::string message = problem ? std::string(problem)
                            : field.find("<<") == std::string_view::npos ||
                                    trim_fillers(field).find("<<") == std::string_view::npos
                                ? "primary identifier only (no secondary identifier)"
                                : "primary identifier, <<, secondary identifier";
      return Detail{std::move(message), std::nullopt, str(field)};
    });
  }
  if (mrz) {
    mrz->name_possibly_truncated = truncated;
  }
  if (truncated) {
    sink.add(CheckId::mrz_name_truncation, S::warn, [] {
      return Detail{"the name fills its field to the last position: it may be truncated",
                    std::nullopt, std::nullopt};
    });
  } else {
    sink.add(CheckId::mrz_name_truncation, S::pass, [] {
      return Detail{"the name ends before the field does", std::nullopt, std::nullopt};
    });
  }
}

template void check_name<VerdictSink>(VerdictSink&, const Lines&, Format, const FieldMap&, Mrz*);
template void check_name<StatusSink>(StatusSink&, const Lines&, Format, const FieldMap&, Mrz*);

} // namespace mrtd::mrz::detail
