#include "pki/detail/judge.hpp"

namespace mrtd::pki::detail {

namespace {

std::string day(UnixTime time) {
  return to_iso(to_civil(time));
}

} // namespace

Check judge_validity(CheckId id, const CertificateInfo& cert, UnixTime at, std::string_view what) {
  Check check{id, Status::pass, {}, std::nullopt, std::nullopt};
  const std::string who(what);
  if (at < cert.not_before || at > cert.not_after) {
    check.status = Status::fail;
    check.message = at < cert.not_before ? who + " not valid before " + day(cert.not_before)
                                         : who + " expired " + day(cert.not_after);
    check.expected = to_iso_instant(cert.not_before) + " .. " + to_iso_instant(cert.not_after);
    check.found = to_iso_instant(at);
  } else {
    check.message = who + " valid " + day(cert.not_before) + " .. " + day(cert.not_after);
  }
  return check;
}

Check judge_countries(CheckId id, const std::vector<std::pair<std::string, std::string>>& seen,
                      bool complete, std::string_view incomplete) {
  std::string listing;
  bool agree = true;
  for (const auto& [who, code] : seen) {
    listing += (listing.empty() ? "" : ", ") + who + " " + code;
    agree = agree && code == seen.front().second;
  }
  if (!agree) {
    return Check{id, Status::fail, "countries differ: " + listing, std::nullopt, std::nullopt};
  }
  if (!complete) {
    return Check{id, Status::skip,
                 std::string(incomplete) + (listing.empty() ? "" : " (" + listing + ")"),
                 std::nullopt, std::nullopt};
  }
  return Check{id, Status::pass, "all " + seen.front().second + ": " + listing, std::nullopt,
               std::nullopt};
}

} // namespace mrtd::pki::detail
