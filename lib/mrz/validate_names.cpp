// The name rules of the MRZ (Doc 9303-3 §4.6): characters, structure, truncation.

#include "mrz/detail/engine.hpp"
#include "mrz/detail/rules.hpp"
#include "mrz/names.hpp"

#include <bit>
#include <cstdint>
#include <string>

namespace mrtd::mrz::detail {

using namespace rules;

namespace {

// Structural problems of an ICAO name field; nullptr when it conforms. `fillers`: bit i set
// when field[i] is a filler.
const char* structure_problem(std::string_view field, std::uint64_t fillers) noexcept {
  if (all_fillers(field)) {
    return "the name field is empty";
  }
  if (field[0] == '<') {
    return "the primary identifier is empty (the field starts with a filler)";
  }
  // Within the content (trailing fillers cut; it ends in a non-filler, so no run of fillers
  // reaches its end): a "<<<" anywhere, or, with runs of at most two fillers, more than one
  // "<<". A line holds at most 44 characters, so a 64-bit mask of fillers answers both.
  static_assert(Lines::k_max_width < 64);
  const std::uint64_t all = (std::uint64_t{1} << field.size()) - 1;
  const auto length = static_cast<unsigned>(64 - std::countl_zero(~fillers & all));
  const std::uint64_t inside = fillers & ((std::uint64_t{1} << length) - 1);
  const std::uint64_t pair_starts = inside & (inside >> 1);
  const bool several_pairs = (pair_starts & (pair_starts - 1)) != 0; // more than one bit
  const bool triple = (pair_starts & (inside >> 2)) != 0;
  if (triple) {
    return "a run of three or more fillers inside the name";
  }
  if (several_pairs) {
    return "more than one << between name parts (only one separates primary and secondary)";
  }
  return nullptr;
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
void check_name(Sink& sink, const Lines& lines, const Scan& scan, Format format,
                const FieldMap& map, Mrz* mrz) {
  const std::string_view field = get(lines, map.name);
  const std::string_view given = get(lines, map.given_names); // FRA-ID only
  // Outside A-Z and <: outside the alphabet, or a digit.
  auto not_name = [&](Slice slice) {
    if (!slice.present()) {
      return std::uint64_t{0};
    }
    const Scan::Line& line = scan.line[static_cast<std::size_t>(slice.line)];
    return field_bits(line.outside | line.digits, slice);
  };

  if ((not_name(map.name) | not_name(map.given_names)) == 0) {
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
    const char* problem = structure_problem(
        field, field_bits(scan.line[static_cast<std::size_t>(map.name.line)].fillers, map.name));
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

template void check_name<VerdictSink>(VerdictSink&, const Lines&, const Scan&, Format,
                                      const FieldMap&, Mrz*);
template void check_name<StatusSink>(StatusSink&, const Lines&, const Scan&, Format,
                                     const FieldMap&, Mrz*);

} // namespace mrtd::mrz::detail
