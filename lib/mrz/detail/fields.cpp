#include "mrz/detail/fields.hpp"

namespace mrtd::mrz::detail {

namespace {

constexpr Format k_formats[] = {Format::td1,   Format::td2,   Format::td3,
                                Format::mrv_a, Format::mrv_b, Format::fra_id};

// k_field_maps is indexed by the Format's value: each format finds its own map.
static_assert(field_map(Format::td1).name.line == 2 && field_map(Format::td2).name.length == 31 &&
              field_map(Format::td3).name.length == 39 &&
              field_map(Format::td3).composite.present() &&
              field_map(Format::mrv_a).optional1.length == 16 &&
              field_map(Format::mrv_b).optional1.length == 8 &&
              field_map(Format::fra_id).given_names.present());

// get() reads fields without bounds tests: every slice of a map lies inside its format's lines.
constexpr bool inside(Slice slice, Format format) {
  const Shape want = shape(format);
  return !slice.present() || (slice.line < want.lines && slice.start >= 0 && slice.length >= 0 &&
                              slice.start + slice.length <= want.length);
}
constexpr bool slices_inside_lines() {
  for (const Format f : k_formats) {
    const FieldMap& m = field_map(f);
    for (const Slice slice : {m.code, m.state, m.name, m.number, m.number_cd, m.nationality,
                              m.birth, m.birth_cd, m.sex, m.expiry, m.expiry_cd, m.optional1,
                              m.personal_cd, m.optional2, m.given_names, m.composite}) {
      if (!inside(slice, f)) {
        return false;
      }
    }
    for (const Slice slice : m.composite_parts) {
      if (!inside(slice, f)) {
        return false;
      }
    }
  }
  return true;
}
static_assert(slices_inside_lines());

} // namespace

bool Lines::operator==(const Lines& other) const noexcept {
  if (m_count != other.m_count) {
    return false;
  }
  for (std::size_t i = 0; i < m_count; ++i) {
    if ((*this)[i] != other[i]) {
      return false;
    }
  }
  return true;
}

} // namespace mrtd::mrz::detail
