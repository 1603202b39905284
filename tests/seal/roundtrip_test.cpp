// make -> render -> read -> verify, for every VDS profile the builder knows and for IDB and
// VDS-NC: the seal is signed by a specimen signer, rendered with libzint (DataMatrix for VDS,
// QR for the text formats), found again in the PNG by the image reader, byte for byte, and
// verifies as valid; the same image with one payload byte changed before rendering does not.

#include "../barcode/vds_samples.hpp"
#include "seal_fixture.hpp"

#include "image/image.hpp"
#include "image/read.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

namespace mrtd::sealtest {

namespace {

using test::vds_samples;
using barcode::VdsBuild;

// The payload as a PNG image, and what the reader finds in it.
std::vector<std::uint8_t> read_back(const Bytes& payload, render::Symbology symbology) {
  auto bitmap = render::render(payload, symbology, render::RenderOptions{});
  REQUIRE_MESSAGE(bitmap.has_value(), (bitmap ? "" : bitmap.error().message));
  const auto png = render::to_png(*bitmap);
  auto image = image::decode_image(png);
  REQUIRE(image.has_value());
  const auto symbols = image::read_barcodes(*image, image::ReadOptions{});
  INFO("payload of " << payload.size() << " bytes, " << bitmap->width << "x" << bitmap->height
                     << " pixels; found " << symbols.size());
  REQUIRE(symbols.size() == 1);
  return symbols.front().bytes;
}

} // namespace

TEST_SUITE("seal::roundtrip") {
  TEST_CASE("every VDS profile: make, render as DataMatrix, read, verify") {
    const Pki pki = make_pki();
    const auto store = full_store(pki);
    int profiles = 0;
    for (const auto& [profile, builds] : vds_samples()) {
      CAPTURE(profile);
      VdsBuild b = builds.front();
      b.issuing_state = "UTO"; // the specimen signer: C=UT, CN=SP, serial 5E
      b.signer_id = "UTSP";
      b.reference = "5E";
      b.issue_date = {2025, 7, 1};
      b.signing_date = {2025, 7, 1};
      auto unsigned_vds = barcode::build_vds_unsigned(b);
      REQUIRE_MESSAGE(unsigned_vds.has_value(), (unsigned_vds ? "" : unsigned_vds.error().message));
      auto rs = seal::sign(pki.signer, barcode::SignatureAlgorithm::ecdsa_by_curve, *unsigned_vds);
      REQUIRE(rs.has_value());
      const Bytes vds = barcode::append_vds_signature(*unsigned_vds, *rs);
      const auto bytes = read_back(vds, render::Symbology::datamatrix);
      CHECK(bytes == vds);
      const auto r = check(bytes, store);
      INFO(dump(r));
      CHECK(status_of(r, CheckId::seal_signature) == Status::pass);
      CHECK(status_of(r, CheckId::seal_chain) == Status::pass);
      // Profiles whose sample MRZ is a historic ICAO example may fail only seal.mrz; all else
      // must hold, and an untouched seal is never invalid for its signature.
      if (r.verdict.outcome != Outcome::valid) {
        CHECK(status_of(r, CheckId::seal_mrz) == Status::fail);
      }
      // One byte changed in the message zone: the signature fails.
      Bytes forged = vds;
      forged[20] ^= 0x01;
      const auto f = check(read_back(forged, render::Symbology::datamatrix), store);
      CHECK(f.verdict.outcome != Outcome::valid);
      ++profiles;
    }
    CHECK(profiles == static_cast<int>(barcode::vds_profiles().size()));
  }

  TEST_CASE("IDB and VDS-NC: make, render as QR Code, read, verify") {
    const Pki pki = make_pki();
    const auto store = full_store(pki);
    for (const std::string& description :
         {idb_description(true, false), idb_description(false, true), std::string(k_vdsnc_description)}) {
      CAPTURE(description);
      const Bytes payload = made(description, pki.signer);
      const auto bytes = read_back(payload, render::Symbology::qrcode);
      CHECK(bytes == payload);
      const auto r = check(bytes, store);
      INFO(dump(r));
      CHECK(r.verdict.outcome == Outcome::valid);
    }
  }
}

} // namespace mrtd::sealtest
