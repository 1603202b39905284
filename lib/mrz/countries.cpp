#include "mrz/countries.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

namespace mrtd::mrz {

namespace {

struct Row {
  std::string_view alpha3;
  std::string_view alpha2;
  std::string_view name;
};

// ISO 3166-1, generated from Debian iso-codes 4.15.0 (/usr/share/iso-codes/json/iso_3166-1.json),
// sorted by alpha-3.
constexpr Row k_iso[] = {
    {"ABW", "AW", "Aruba"},
    {"AFG", "AF", "Afghanistan"},
    {"AGO", "AO", "Angola"},
    {"AIA", "AI", "Anguilla"},
    {"ALA", "AX", "Åland Islands"},
    {"ALB", "AL", "Albania"},
    {"AND", "AD", "Andorra"},
    {"ARE", "AE", "United Arab Emirates"},
    {"ARG", "AR", "Argentina"},
    {"ARM", "AM", "Armenia"},
    {"ASM", "AS", "American Samoa"},
    {"ATA", "AQ", "Antarctica"},
    {"ATF", "TF", "French Southern Territories"},
    {"ATG", "AG", "Antigua and Barbuda"},
    {"AUS", "AU", "Australia"},
    {"AUT", "AT", "Austria"},
    {"AZE", "AZ", "Azerbaijan"},
    {"BDI", "BI", "Burundi"},
    {"BEL", "BE", "Belgium"},
    {"BEN", "BJ", "Benin"},
    {"BES", "BQ", "Bonaire, Sint Eustatius and Saba"},
    {"BFA", "BF", "Burkina Faso"},
    {"BGD", "BD", "Bangladesh"},
    {"BGR", "BG", "Bulgaria"},
    {"BHR", "BH", "Bahrain"},
    {"BHS", "BS", "Bahamas"},
    {"BIH", "BA", "Bosnia and Herzegovina"},
    {"BLM", "BL", "Saint Barthélemy"},
    {"BLR", "BY", "Belarus"},
    {"BLZ", "BZ", "Belize"},
    {"BMU", "BM", "Bermuda"},
    {"BOL", "BO", "Bolivia"},
    {"BRA", "BR", "Brazil"},
    {"BRB", "BB", "Barbados"},
    {"BRN", "BN", "Brunei Darussalam"},
    {"BTN", "BT", "Bhutan"},
    {"BVT", "BV", "Bouvet Island"},
    {"BWA", "BW", "Botswana"},
    {"CAF", "CF", "Central African Republic"},
    {"CAN", "CA", "Canada"},
    {"CCK", "CC", "Cocos (Keeling) Islands"},
    {"CHE", "CH", "Switzerland"},
    {"CHL", "CL", "Chile"},
    {"CHN", "CN", "China"},
    {"CIV", "CI", "Côte d'Ivoire"},
    {"CMR", "CM", "Cameroon"},
    {"COD", "CD", "Congo, The Democratic Republic of the"},
    {"COG", "CG", "Congo"},
    {"COK", "CK", "Cook Islands"},
    {"COL", "CO", "Colombia"},
    {"COM", "KM", "Comoros"},
    {"CPV", "CV", "Cabo Verde"},
    {"CRI", "CR", "Costa Rica"},
    {"CUB", "CU", "Cuba"},
    {"CUW", "CW", "Curaçao"},
    {"CXR", "CX", "Christmas Island"},
    {"CYM", "KY", "Cayman Islands"},
    {"CYP", "CY", "Cyprus"},
    {"CZE", "CZ", "Czechia"},
    {"DEU", "DE", "Germany"},
    {"DJI", "DJ", "Djibouti"},
    {"DMA", "DM", "Dominica"},
    {"DNK", "DK", "Denmark"},
    {"DOM", "DO", "Dominican Republic"},
    {"DZA", "DZ", "Algeria"},
    {"ECU", "EC", "Ecuador"},
    {"EGY", "EG", "Egypt"},
    {"ERI", "ER", "Eritrea"},
    {"ESH", "EH", "Western Sahara"},
    {"ESP", "ES", "Spain"},
    {"EST", "EE", "Estonia"},
    {"ETH", "ET", "Ethiopia"},
    {"FIN", "FI", "Finland"},
    {"FJI", "FJ", "Fiji"},
    {"FLK", "FK", "Falkland Islands (Malvinas)"},
    {"FRA", "FR", "France"},
    {"FRO", "FO", "Faroe Islands"},
    {"FSM", "FM", "Micronesia, Federated States of"},
    {"GAB", "GA", "Gabon"},
    {"GBR", "GB", "United Kingdom"},
    {"GEO", "GE", "Georgia"},
    {"GGY", "GG", "Guernsey"},
    {"GHA", "GH", "Ghana"},
    {"GIB", "GI", "Gibraltar"},
    {"GIN", "GN", "Guinea"},
    {"GLP", "GP", "Guadeloupe"},
    {"GMB", "GM", "Gambia"},
    {"GNB", "GW", "Guinea-Bissau"},
    {"GNQ", "GQ", "Equatorial Guinea"},
    {"GRC", "GR", "Greece"},
    {"GRD", "GD", "Grenada"},
    {"GRL", "GL", "Greenland"},
    {"GTM", "GT", "Guatemala"},
    {"GUF", "GF", "French Guiana"},
    {"GUM", "GU", "Guam"},
    {"GUY", "GY", "Guyana"},
    {"HKG", "HK", "Hong Kong"},
    {"HMD", "HM", "Heard Island and McDonald Islands"},
    {"HND", "HN", "Honduras"},
    {"HRV", "HR", "Croatia"},
    {"HTI", "HT", "Haiti"},
    {"HUN", "HU", "Hungary"},
    {"IDN", "ID", "Indonesia"},
    {"IMN", "IM", "Isle of Man"},
    {"IND", "IN", "India"},
    {"IOT", "IO", "British Indian Ocean Territory"},
    {"IRL", "IE", "Ireland"},
    {"IRN", "IR", "Iran"},
    {"IRQ", "IQ", "Iraq"},
    {"ISL", "IS", "Iceland"},
    {"ISR", "IL", "Israel"},
    {"ITA", "IT", "Italy"},
    {"JAM", "JM", "Jamaica"},
    {"JEY", "JE", "Jersey"},
    {"JOR", "JO", "Jordan"},
    {"JPN", "JP", "Japan"},
    {"KAZ", "KZ", "Kazakhstan"},
    {"KEN", "KE", "Kenya"},
    {"KGZ", "KG", "Kyrgyzstan"},
    {"KHM", "KH", "Cambodia"},
    {"KIR", "KI", "Kiribati"},
    {"KNA", "KN", "Saint Kitts and Nevis"},
    {"KOR", "KR", "South Korea"},
    {"KWT", "KW", "Kuwait"},
    {"LAO", "LA", "Laos"},
    {"LBN", "LB", "Lebanon"},
    {"LBR", "LR", "Liberia"},
    {"LBY", "LY", "Libya"},
    {"LCA", "LC", "Saint Lucia"},
    {"LIE", "LI", "Liechtenstein"},
    {"LKA", "LK", "Sri Lanka"},
    {"LSO", "LS", "Lesotho"},
    {"LTU", "LT", "Lithuania"},
    {"LUX", "LU", "Luxembourg"},
    {"LVA", "LV", "Latvia"},
    {"MAC", "MO", "Macao"},
    {"MAF", "MF", "Saint Martin (French part)"},
    {"MAR", "MA", "Morocco"},
    {"MCO", "MC", "Monaco"},
    {"MDA", "MD", "Moldova"},
    {"MDG", "MG", "Madagascar"},
    {"MDV", "MV", "Maldives"},
    {"MEX", "MX", "Mexico"},
    {"MHL", "MH", "Marshall Islands"},
    {"MKD", "MK", "North Macedonia"},
    {"MLI", "ML", "Mali"},
    {"MLT", "MT", "Malta"},
    {"MMR", "MM", "Myanmar"},
    {"MNE", "ME", "Montenegro"},
    {"MNG", "MN", "Mongolia"},
    {"MNP", "MP", "Northern Mariana Islands"},
    {"MOZ", "MZ", "Mozambique"},
    {"MRT", "MR", "Mauritania"},
    {"MSR", "MS", "Montserrat"},
    {"MTQ", "MQ", "Martinique"},
    {"MUS", "MU", "Mauritius"},
    {"MWI", "MW", "Malawi"},
    {"MYS", "MY", "Malaysia"},
    {"MYT", "YT", "Mayotte"},
    {"NAM", "NA", "Namibia"},
    {"NCL", "NC", "New Caledonia"},
    {"NER", "NE", "Niger"},
    {"NFK", "NF", "Norfolk Island"},
    {"NGA", "NG", "Nigeria"},
    {"NIC", "NI", "Nicaragua"},
    {"NIU", "NU", "Niue"},
    {"NLD", "NL", "Netherlands"},
    {"NOR", "NO", "Norway"},
    {"NPL", "NP", "Nepal"},
    {"NRU", "NR", "Nauru"},
    {"NZL", "NZ", "New Zealand"},
    {"OMN", "OM", "Oman"},
    {"PAK", "PK", "Pakistan"},
    {"PAN", "PA", "Panama"},
    {"PCN", "PN", "Pitcairn"},
    {"PER", "PE", "Peru"},
    {"PHL", "PH", "Philippines"},
    {"PLW", "PW", "Palau"},
    {"PNG", "PG", "Papua New Guinea"},
    {"POL", "PL", "Poland"},
    {"PRI", "PR", "Puerto Rico"},
    {"PRK", "KP", "North Korea"},
    {"PRT", "PT", "Portugal"},
    {"PRY", "PY", "Paraguay"},
    {"PSE", "PS", "Palestine, State of"},
    {"PYF", "PF", "French Polynesia"},
    {"QAT", "QA", "Qatar"},
    {"REU", "RE", "Réunion"},
    {"ROU", "RO", "Romania"},
    {"RUS", "RU", "Russian Federation"},
    {"RWA", "RW", "Rwanda"},
    {"SAU", "SA", "Saudi Arabia"},
    {"SDN", "SD", "Sudan"},
    {"SEN", "SN", "Senegal"},
    {"SGP", "SG", "Singapore"},
    {"SGS", "GS", "South Georgia and the South Sandwich Islands"},
    {"SHN", "SH", "Saint Helena, Ascension and Tristan da Cunha"},
    {"SJM", "SJ", "Svalbard and Jan Mayen"},
    {"SLB", "SB", "Solomon Islands"},
    {"SLE", "SL", "Sierra Leone"},
    {"SLV", "SV", "El Salvador"},
    {"SMR", "SM", "San Marino"},
    {"SOM", "SO", "Somalia"},
    {"SPM", "PM", "Saint Pierre and Miquelon"},
    {"SRB", "RS", "Serbia"},
    {"SSD", "SS", "South Sudan"},
    {"STP", "ST", "Sao Tome and Principe"},
    {"SUR", "SR", "Suriname"},
    {"SVK", "SK", "Slovakia"},
    {"SVN", "SI", "Slovenia"},
    {"SWE", "SE", "Sweden"},
    {"SWZ", "SZ", "Eswatini"},
    {"SXM", "SX", "Sint Maarten (Dutch part)"},
    {"SYC", "SC", "Seychelles"},
    {"SYR", "SY", "Syria"},
    {"TCA", "TC", "Turks and Caicos Islands"},
    {"TCD", "TD", "Chad"},
    {"TGO", "TG", "Togo"},
    {"THA", "TH", "Thailand"},
    {"TJK", "TJ", "Tajikistan"},
    {"TKL", "TK", "Tokelau"},
    {"TKM", "TM", "Turkmenistan"},
    {"TLS", "TL", "Timor-Leste"},
    {"TON", "TO", "Tonga"},
    {"TTO", "TT", "Trinidad and Tobago"},
    {"TUN", "TN", "Tunisia"},
    {"TUR", "TR", "Türkiye"},
    {"TUV", "TV", "Tuvalu"},
    {"TWN", "TW", "Taiwan"},
    {"TZA", "TZ", "Tanzania"},
    {"UGA", "UG", "Uganda"},
    {"UKR", "UA", "Ukraine"},
    {"UMI", "UM", "United States Minor Outlying Islands"},
    {"URY", "UY", "Uruguay"},
    {"USA", "US", "United States"},
    {"UZB", "UZ", "Uzbekistan"},
    {"VAT", "VA", "Holy See (Vatican City State)"},
    {"VCT", "VC", "Saint Vincent and the Grenadines"},
    {"VEN", "VE", "Venezuela"},
    {"VGB", "VG", "Virgin Islands, British"},
    {"VIR", "VI", "Virgin Islands, U.S."},
    {"VNM", "VN", "Vietnam"},
    {"VUT", "VU", "Vanuatu"},
    {"WLF", "WF", "Wallis and Futuna"},
    {"WSM", "WS", "Samoa"},
    {"YEM", "YE", "Yemen"},
    {"ZAF", "ZA", "South Africa"},
    {"ZMB", "ZM", "Zambia"},
    {"ZWE", "ZW", "Zimbabwe"},
};

// Doc 9303-3 §5 (8th ed.) codes outside ISO 3166-1, padded to three characters as in the MRZ.
constexpr Row k_icao[] = {
    {"D<<", "DE", "Germany"},
    {"EUE", "EU", "European Union"},
    {"GBD", "", "British Overseas Territories Citizen"},
    {"GBN", "", "British National (Overseas)"},
    {"GBO", "", "British Overseas Citizen"},
    {"GBP", "", "British Protected Person"},
    {"GBS", "", "British Subject"},
    {"IAO", "IA", "ICAO (master list signing only)"},
    {"RKS", "KS", "Kosovo"},
    {"UNA", "UN", "United Nations specialized agency"},
    {"UNK", "", "Resident of Kosovo (UNMIK travel document)"},
    {"UNO", "UN", "United Nations Organization"},
    {"XBA", "", "African Development Bank"},
    {"XCC", "", "Caribbean Community (CARICOM)"},
    {"XCE", "", "Council of Europe"},
    {"XCO", "", "Common Market for Eastern and Southern Africa (COMESA)"},
    {"XDC", "", "Southern African Development Community (SADC)"},
    {"XEC", "", "Economic Community of West African States (ECOWAS)"},
    {"XES", "", "Organization of Eastern Caribbean States (OECS)"},
    {"XIM", "", "African Export-Import Bank"},
    {"XMP", "", "Parliamentary Assembly of the Mediterranean"},
    {"XOM", "", "Sovereign Military Order of Malta"},
    {"XPO", "", "INTERPOL"},
    {"XXA", "", "Stateless person"},
    {"XXB", "", "Refugee (1951 Convention)"},
    {"XXC", "", "Refugee (other)"},
    {"XXX", "", "Unspecified nationality"},
};

constexpr Row k_withdrawn[] = {
    {"ANT", "AN", "Netherlands Antilles (withdrawn from ISO 3166-1)"},
    {"NTZ", "NT", "Neutral Zone (withdrawn from ISO 3166-1)"},
};

constexpr Row k_specimen = {"UTO", "UT", "Utopia (ICAO specimen)"};

template <std::size_t N> const Row* find_alpha2(const Row (&rows)[N], std::string_view code) {
  auto it = std::find_if(std::begin(rows), std::end(rows),
                         [code](const Row& row) { return row.alpha2 == code; });
  return it != std::end(rows) ? it : nullptr;
}

} // namespace

namespace {

// Direct index over every three-character field of A-Z and `<` (27^3 cells): the MRZ engine
// looks codes up twice per document, so this replaces a binary search by one load.
constexpr int k_letters = 27;
constexpr int k_cells = k_letters * k_letters * k_letters;

constexpr int letter_index(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? c - 'A' : c == '<' ? 26 : -1;
}

constexpr int cell_of(std::string_view code) noexcept {
  if (code.size() != 3) {
    return -1;
  }
  const int a = letter_index(code[0]);
  const int b = letter_index(code[1]);
  const int c = letter_index(code[2]);
  return a < 0 || b < 0 || c < 0 ? -1 : (a * k_letters + b) * k_letters + c;
}

// Cell value: 0 unknown; otherwise kind (high 3 bits) and row (low 13 bits), kind 1-based.
struct CountryIndex {
  std::uint16_t cells[k_cells];
  constexpr CountryIndex() : cells() {
    auto fill = [this](const Row* rows, std::size_t count, CountryKind kind) {
      for (std::size_t i = 0; i < count; ++i) {
        cells[cell_of(rows[i].alpha3)] = static_cast<std::uint16_t>(
            ((static_cast<unsigned>(kind) + 1) << 13) | static_cast<unsigned>(i));
      }
    };
    fill(k_iso, std::size(k_iso), CountryKind::iso);
    fill(k_icao, std::size(k_icao), CountryKind::icao);
    fill(k_withdrawn, std::size(k_withdrawn), CountryKind::withdrawn);
    fill(&k_specimen, 1, CountryKind::specimen);
  }
};
constexpr CountryIndex k_index;

const Row& row_of(CountryKind kind, std::size_t row) noexcept {
  switch (kind) {
  case CountryKind::iso:
    return k_iso[row];
  case CountryKind::icao:
    return k_icao[row];
  case CountryKind::withdrawn:
    return k_withdrawn[row];
  case CountryKind::specimen:
  case CountryKind::unknown:
    break;
  }
  return k_specimen;
}

} // namespace

CountryInfo lookup_country(std::string_view field) noexcept {
  const int cell = cell_of(field);
  if (cell < 0 || k_index.cells[cell] == 0) {
    return {};
  }
  const unsigned value = k_index.cells[cell];
  const auto kind = static_cast<CountryKind>((value >> 13) - 1);
  const Row& row = row_of(kind, value & 0x1FFF);
  return {kind, row.alpha2, row.name};
}

CountryKind country_kind(std::string_view field) noexcept {
  const int cell = cell_of(field);
  if (cell < 0 || k_index.cells[cell] == 0) {
    return CountryKind::unknown;
  }
  return static_cast<CountryKind>((k_index.cells[cell] >> 13) - 1);
}

std::optional<std::string> country_field(std::string_view code) {
  if (code.empty() || code.size() > 3 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return std::nullopt;
  }
  std::string field(code);
  field.resize(3, '<');
  if (lookup_country(field).kind != CountryKind::unknown) {
    return field;
  }
  if (code.size() == 2) {
    // Germany first: Doc 9303 pairs DE with D, not with ISO's DEU.
    if (code == "DE") {
      return std::string("D<<");
    }
    if (const Row* row = find_alpha2(k_iso, code)) {
      return std::string(row->alpha3);
    }
    if (code == "UT") {
      return std::string("UTO");
    }
  }
  return std::nullopt;
}

static_assert(sizeof(k_iso) / sizeof(Row) == 249);

} // namespace mrtd::mrz
