#include "mrz/detail/fields.hpp"

namespace mrtd::mrz::detail {

namespace {

constexpr Slice s(int line, int start, int length) {
  return Slice{line, start, length};
}

FieldMap make_td3(bool visa) {
  FieldMap m;
  m.code = s(0, 0, 2);
  m.state = s(0, 2, 3);
  m.name = s(0, 5, 39);
  m.number = s(1, 0, 9);
  m.number_cd = s(1, 9, 1);
  m.nationality = s(1, 10, 3);
  m.birth = s(1, 13, 6);
  m.birth_cd = s(1, 19, 1);
  m.sex = s(1, 20, 1);
  m.expiry = s(1, 21, 6);
  m.expiry_cd = s(1, 27, 1);
  if (visa) {
    m.optional1 = s(1, 28, 16);
  } else {
    m.optional1 = s(1, 28, 14);
    m.personal_cd = s(1, 42, 1);
    m.composite = s(1, 43, 1);
    m.composite_parts = {s(1, 0, 10), s(1, 13, 7), s(1, 21, 22), Slice{}};
    m.composite_count = 3;
  }
  return m;
}

FieldMap make_td2(bool visa) {
  FieldMap m;
  m.code = s(0, 0, 2);
  m.state = s(0, 2, 3);
  m.name = s(0, 5, 31);
  m.number = s(1, 0, 9);
  m.number_cd = s(1, 9, 1);
  m.nationality = s(1, 10, 3);
  m.birth = s(1, 13, 6);
  m.birth_cd = s(1, 19, 1);
  m.sex = s(1, 20, 1);
  m.expiry = s(1, 21, 6);
  m.expiry_cd = s(1, 27, 1);
  if (visa) {
    m.optional1 = s(1, 28, 8);
  } else {
    m.optional1 = s(1, 28, 7);
    m.composite = s(1, 35, 1);
    m.composite_parts = {s(1, 0, 10), s(1, 13, 7), s(1, 21, 14), Slice{}};
    m.composite_count = 3;
  }
  return m;
}

FieldMap make_td1() {
  FieldMap m;
  m.code = s(0, 0, 2);
  m.state = s(0, 2, 3);
  m.number = s(0, 5, 9);
  m.number_cd = s(0, 14, 1);
  m.optional1 = s(0, 15, 15);
  m.birth = s(1, 0, 6);
  m.birth_cd = s(1, 6, 1);
  m.sex = s(1, 7, 1);
  m.expiry = s(1, 8, 6);
  m.expiry_cd = s(1, 14, 1);
  m.nationality = s(1, 15, 3);
  m.optional2 = s(1, 18, 11);
  m.composite = s(1, 29, 1);
  m.composite_parts = {s(0, 5, 25), s(1, 0, 7), s(1, 8, 7), s(1, 18, 11)};
  m.composite_count = 4;
  m.name = s(2, 0, 30);
  return m;
}

// French national identity card (1988-2021): line 1 ID FRA surname(25) office(6);
// line 2 number(12) cd given names(14) birth(6) cd sex composite over line 1 + line 2[0:35].
FieldMap make_fra() {
  FieldMap m;
  m.code = s(0, 0, 2);
  m.state = s(0, 2, 3);
  m.name = s(0, 5, 25);
  m.optional2 = s(0, 30, 6);
  m.number = s(1, 0, 12);
  m.number_cd = s(1, 12, 1);
  m.given_names = s(1, 13, 14);
  m.birth = s(1, 27, 6);
  m.birth_cd = s(1, 33, 1);
  m.sex = s(1, 34, 1);
  m.composite = s(1, 35, 1);
  m.composite_parts = {s(0, 0, 36), s(1, 0, 35), Slice{}, Slice{}};
  m.composite_count = 2;
  return m;
}

const FieldMap k_td3 = make_td3(false);
const FieldMap k_mrv_a = make_td3(true);
const FieldMap k_td2 = make_td2(false);
const FieldMap k_mrv_b = make_td2(true);
const FieldMap k_td1 = make_td1();
const FieldMap k_fra = make_fra();

} // namespace

const FieldMap& field_map(Format format) noexcept {
  switch (format) {
  case Format::td1:
    return k_td1;
  case Format::td2:
    return k_td2;
  case Format::td3:
    return k_td3;
  case Format::mrv_a:
    return k_mrv_a;
  case Format::mrv_b:
    return k_mrv_b;
  case Format::fra_id:
    return k_fra;
  }
  return k_td3;
}

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
