#include "chip/aa.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace mrtd::chip;

namespace {

const std::string k_corpus = MRTD_SOURCE_DIR "/../shared/corpus/pa";

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

Bytes unhex(const std::string& text) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(text.substr(i, 2), nullptr, 16)));
  }
  return out;
}

AaStatus verify(const Bytes& dg15, const Bytes& challenge, const Bytes& response,
                std::optional<ByteView> dg14 = std::nullopt) {
  auto result = verify_active_authentication(dg15, dg14, challenge, response);
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  return result->status;
}

// DG14 holding only an ActiveAuthenticationInfo {id-AA, 1, ecdsa-plain-SHA<last>}.
Bytes dg14_with_aa(std::uint8_t last) {
  return {0x6E, 0x1B, 0x31, 0x19, 0x30, 0x17, 0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x05,
          0x02, 0x01, 0x01, 0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01,
          last};
}

// Runs every vector of one corpus file; each VALID vector is also tampered twice (last response
// byte, first challenge byte), which must make it invalid. Returns the number of vectors.
int run_vectors(const std::string& folder, const std::string& json_file) {
  std::ifstream in(k_corpus + "/" + folder + "/" + json_file);
  const auto doc = nlohmann::json::parse(in);
  const Bytes dg15 = read_file(k_corpus + "/" + folder + "/" + doc["dg15_file"].get<std::string>());
  REQUIRE(!dg15.empty());
  int count = 0;
  for (const auto& v : doc["vectors"]) {
    const std::string name = v["name"];
    CAPTURE(name);
    const Bytes challenge = unhex(v["nonce"]);
    const Bytes response = unhex(v["response"]);
    const bool valid = v["expected"] == "VALID";
    CHECK(verify(dg15, challenge, response) == (valid ? AaStatus::valid : AaStatus::invalid));
    if (valid) {
      Bytes bad_response = response;
      bad_response.back() ^= 0x01;
      CHECK(verify(dg15, challenge, bad_response) == AaStatus::invalid);
      Bytes bad_challenge = challenge;
      bad_challenge.front() ^= 0x80;
      CHECK(verify(dg15, bad_challenge, response) == AaStatus::invalid);
    }
    ++count;
  }
  return count;
}

} // namespace

TEST_SUITE("chip::aa") {
  TEST_CASE("every corpus Active Authentication vector verifies as expected") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found at " << k_corpus << ": skipped");
      return;
    }
    CHECK(run_vectors("gmrtd/aa", "aa_vectors.json") == 1);
    CHECK(run_vectors("pymrtd/aa", "aa_vectors.json") == 5);
    CHECK(run_vectors("bsi-tr03105-5/aa", "aa_rsa_vectors_generated.json") == 5);
    CHECK(run_vectors("bsi-tr03105-5/aa", "aa_ecdsa_vectors_synthetic.json") == 3);
  }

  TEST_CASE("the algorithm names the scheme, hash and encoding") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found: skipped");
      return;
    }
    const Bytes gmrtd = read_file(k_corpus + "/gmrtd/aa/EF_DG15.bin");
    auto result = verify_active_authentication(
        gmrtd, std::nullopt, unhex("96302b0f3d7e7864"),
        unhex("474256306840c0ab1b63c10e1c26bdfef4a0dd843920283cc4e6e70a60f2bd25dc7725f9677bc1cde6"
              "6379dc28b38e8490f33afb2d10f9980c44c0bfc175d2b6684218f535c92fdd3e18db770a9ccbf91db3"
              "c7f0138e6d9e94b9bc8371761e3abed5e5e9b260279cfb238b58ae0d6a01da51c74c2a3ecd62c448bd"
              "9f20127f7384587287fa971204234e55b1a856c3e5aaaa620bb799a68fbae08ee132bb61683eba9b0b"
              "40dc1e54641cad975b16991cab50af82e3f3985afd19e7427a125f5b4b9878b12a5d2e01c7eedca3bb"
              "41c6fc05dccd818bce379d04b1f2f5d43487d3"));
    REQUIRE(result);
    CHECK(result->status == AaStatus::valid);
    CHECK(result->algorithm == "RSA ISO/IEC 9796-2 scheme 1, SHA-256");

    const Bytes ec = read_file(k_corpus + "/bsi-tr03105-5/aa/synthetic_ecdsa_DG15.bin");
    const std::string rs = "5a9c3d21270217d00471f268c324cdf077cb581fbb6d475003bd3a60c22070d564db5"
                           "dcfe8f2fe87136aba5c155c6392b9c14bb43b9833d8f6f2b7cb26368239";
    result = verify_active_authentication(ec, std::nullopt, unhex("0102030405060708"), unhex(rs));
    REQUIRE(result);
    CHECK(result->status == AaStatus::valid);
    CHECK(result->algorithm == "ECDSA SHA-256 (plain r||s)");
  }

  TEST_CASE("ECDSA takes its hash from DG14's ActiveAuthenticationInfo") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found: skipped");
      return;
    }
    const Bytes ec = read_file(k_corpus + "/bsi-tr03105-5/aa/synthetic_ecdsa_DG15.bin");
    const Bytes challenge = unhex("0102030405060708");
    const Bytes response = unhex("5a9c3d21270217d00471f268c324cdf077cb581fbb6d475003bd3a60c22070"
                                 "d564db5dcfe8f2fe87136aba5c155c6392b9c14bb43b9833d8f6f2b7cb26368239");
    const Bytes sha256 = dg14_with_aa(0x03);
    const Bytes sha512 = dg14_with_aa(0x05);
    CHECK(verify(ec, challenge, response, ByteView(sha256)) == AaStatus::valid);
    CHECK(verify(ec, challenge, response, ByteView(sha512)) == AaStatus::invalid);
    const Bytes ripemd = dg14_with_aa(0x06);
    auto result = verify_active_authentication(ec, ByteView(ripemd), challenge, response);
    REQUIRE(result);
    CHECK(result->status == AaStatus::unsupported);
    const Bytes broken = {0x6E, 0x02, 0x31, 0x05};
    CHECK_FALSE(verify_active_authentication(ec, ByteView(broken), challenge, response));
  }

  TEST_CASE("an unreadable DG15 is an error, an odd response is invalid") {
    const Bytes garbage = {0x6F, 0x03, 0x30, 0x01, 0x00};
    auto result = verify_active_authentication(garbage, std::nullopt, Bytes{1}, Bytes{2});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == mrtd::ErrorCode::malformed);
    const Bytes wrong_tag = {0x6E, 0x00};
    CHECK_FALSE(verify_active_authentication(wrong_tag, std::nullopt, Bytes{1}, Bytes{2}));
    if (std::filesystem::exists(k_corpus)) {
      const Bytes dg15 = read_file(k_corpus + "/pymrtd/aa/EF_DG15.bin");
      CHECK(verify(dg15, Bytes{1, 2}, Bytes{}) == AaStatus::invalid);
      CHECK(verify(dg15, Bytes{1, 2}, Bytes(200, 0xFF)) == AaStatus::invalid); // >= n
      const Bytes ec = read_file(k_corpus + "/bsi-tr03105-5/aa/synthetic_ecdsa_DG15.bin");
      CHECK(verify(ec, Bytes{1, 2}, Bytes(63, 0x11)) == AaStatus::invalid);
    }
  }
}
