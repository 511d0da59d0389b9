// SPDX-License-Identifier: Apache-2.0
#include "app/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace rtv::app {
namespace {

constexpr std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();

struct unit_def {
    std::string_view name;
    unsigned scale;  // power of ten (durations, frequencies) or of two (sizes) of the base unit
};

// What a quantity is called in messages and which units it takes.
struct quantity_kind {
    std::string_view noun;       // "a duration"
    std::string_view example;    // "10ms or 1.5s"
    std::string_view base_unit;  // "ps"
    std::string_view base_noun;  // "picoseconds"
    const unit_def* units;
    std::size_t unit_count;
    bool decimal_scale;  // units scale by powers of ten, so decimals can be exact
};

// A unit is matched against the whole text after the number, so no ordering is needed.
constexpr std::array<unit_def, 6> duration_units{
    {{"s", 12}, {"ms", 9}, {"us", 6}, {"\xC2\xB5s", 6}, {"ns", 3}, {"ps", 0}}};
constexpr std::array<unit_def, 4> frequency_units{{{"Hz", 0}, {"kHz", 3}, {"MHz", 6}, {"GHz", 9}}};
constexpr std::array<unit_def, 4> size_units{{{"B", 0}, {"KiB", 10}, {"MiB", 20}, {"GiB", 30}}};

constexpr quantity_kind duration_kind{"a duration",          "10ms or 1.5s",        "ps", "picoseconds",
                                      duration_units.data(), duration_units.size(), true};
constexpr quantity_kind frequency_kind{"a frequency",          "266MHz or 32.768kHz",  "Hz", "hertz",
                                       frequency_units.data(), frequency_units.size(), true};
constexpr quantity_kind size_kind{"a size", "4MiB or 512B", "B", "bytes", size_units.data(), size_units.size(), false};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string expected(const quantity_kind& kind, std::string_view text, std::string_view reason = {}) {
    std::string message = "expected " + std::string(kind.noun) + " such as " + std::string(kind.example);
    message += text.empty() ? ", found nothing" : ", found " + quoted(text);
    if (!reason.empty()) message += ": " + std::string(reason);
    return message;
}

std::string unit_list(const quantity_kind& kind) {
    std::string list;
    for (std::size_t i = 0; i < kind.unit_count; ++i) {
        if (kind.units[i].name == "\xC2\xB5s") continue;  // an alias of `us`, not worth listing
        if (!list.empty()) list += ", ";
        list += kind.units[i].name;
    }
    return list;
}

bool checked_mul(std::uint64_t a, std::uint64_t b, std::uint64_t& out) { return !__builtin_mul_overflow(a, b, &out); }
bool checked_add(std::uint64_t a, std::uint64_t b, std::uint64_t& out) { return !__builtin_add_overflow(a, b, &out); }

bool pow10(unsigned exponent, std::uint64_t& out) {
    out = 1;
    for (unsigned i = 0; i < exponent; ++i)
        if (!checked_mul(out, 10, out)) return false;
    return true;
}

// Accumulates decimal digits into `value`; false on overflow.
bool accumulate_digits(std::string_view digits, std::uint64_t& value) {
    for (char c : digits)
        if (!checked_mul(value, 10, value) || !checked_add(value, static_cast<std::uint64_t>(c - '0'), value))
            return false;
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// A number followed by a unit: `1.5 ms` splits into "1", "5", "ms".
struct split_quantity {
    std::string_view integer_digits;
    std::string_view fraction_digits;
    bool has_point = false;
    std::string_view unit;
};

parse_result<std::uint64_t> parse_quantity(std::string_view raw, const quantity_kind& kind) {
    using result = parse_result<std::uint64_t>;
    const std::string_view text = trim(raw);
    if (text.empty()) return result::fail(expected(kind, text));
    if (text.front() == '-')
        return result::fail(expected(kind, text, std::string(kind.noun.substr(2)) + " cannot be negative"));

    split_quantity q;
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) ++i;
    q.integer_digits = text.substr(0, i);
    if (i < text.size() && text[i] == '.') {
        q.has_point = true;
        const std::size_t start = ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
        q.fraction_digits = text.substr(start, i - start);
    }
    if (q.integer_digits.empty())
        return result::fail(expected(kind, text, q.has_point ? "write a digit before the decimal point" : ""));
    if (q.has_point && q.fraction_digits.empty())
        return result::fail(expected(kind, text, "a decimal point must be followed by digits"));
    while (i < text.size() && is_space(text[i])) ++i;
    q.unit = text.substr(i);

    if (q.unit.empty())
        return result::fail(expected(kind, text, "the unit is missing (one of " + unit_list(kind) + ")"));
    const unit_def* unit = nullptr;
    for (std::size_t u = 0; u < kind.unit_count; ++u)
        if (kind.units[u].name == q.unit) unit = &kind.units[u];
    if (unit == nullptr) {
        if (!kind.decimal_scale && (q.unit == "kB" || q.unit == "KB" || q.unit == "MB" || q.unit == "GB"))
            return result::fail(expected(kind, text,
                                         quoted(q.unit) + " is ambiguous (powers of 1000 or of 1024?); write "
                                                          "KiB, MiB or GiB (powers of 1024) or the size in B"));
        return result::fail(
            expected(kind, text, "unknown unit " + quoted(q.unit) + " (use one of " + unit_list(kind) + ")"));
    }

    const std::string too_large = quoted(text) + " is too large: the largest " + std::string(kind.noun.substr(2)) +
                                  " is " + std::to_string(u64_max) + std::string(kind.base_unit);
    if (!kind.decimal_scale) {
        if (q.has_point)
            return result::fail(expected(kind, text,
                                         "sizes are whole numbers; write a smaller unit instead of a decimal "
                                         "(1536KiB, not 1.5MiB)"));
        std::uint64_t value = 0;
        if (!accumulate_digits(q.integer_digits, value)) return result::fail(too_large);
        if (unit->scale != 0 && (value >> (64 - unit->scale)) != 0) return result::fail(too_large);  // no shift by 64
        return result::ok(value << unit->scale);
    }

    // value = digits(integer . fraction) * 10^(scale - fraction length). When the fraction
    // has more places than the unit's scale, the extra trailing digits must be zeros.
    std::string_view fraction = q.fraction_digits;
    if (fraction.size() > unit->scale) {
        const std::string_view excess = fraction.substr(unit->scale);
        if (excess.find_first_not_of('0') != std::string_view::npos)
            return result::fail(quoted(text) + " is not a whole number of " + std::string(kind.base_noun));
        fraction = fraction.substr(0, unit->scale);
    }
    std::uint64_t value = 0;
    std::uint64_t scale = 1;
    if (!accumulate_digits(q.integer_digits, value) || !accumulate_digits(fraction, value) ||
        !pow10(unit->scale - static_cast<unsigned>(fraction.size()), scale) || !checked_mul(value, scale, value))
        return result::fail(too_large);
    return result::ok(value);
}

std::uint64_t unit_divisor(const unit_def& unit, bool decimal) {
    std::uint64_t divisor = std::uint64_t{1} << unit.scale;
    if (decimal) pow10(unit.scale, divisor);  // every listed scale fits 64 bits
    return divisor;
}

// The largest unit that divides `value` exactly; zero is written in the first unit listed.
std::string format_in_units(std::uint64_t value, const unit_def* units, std::size_t count, bool decimal) {
    if (value == 0) return "0" + std::string(units[0].name);
    const unit_def* best = nullptr;
    for (std::size_t u = 0; u < count; ++u) {
        if (value % unit_divisor(units[u], decimal) != 0) continue;  // the scale-0 unit always divides
        if (best == nullptr || units[u].scale > best->scale) best = &units[u];
    }
    return std::to_string(value / unit_divisor(*best, decimal)) + std::string(best->name);
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (!is_digit(c)) return false;
    return true;
}

}  // namespace

parse_result<std::uint64_t> parse_duration_ps(std::string_view text) { return parse_quantity(text, duration_kind); }
parse_result<std::uint64_t> parse_frequency_hz(std::string_view text) { return parse_quantity(text, frequency_kind); }
parse_result<std::uint64_t> parse_size_bytes(std::string_view text) { return parse_quantity(text, size_kind); }

parse_result<std::uint64_t> parse_unsigned(std::string_view raw) {
    using result = parse_result<std::uint64_t>;
    const std::string_view text = trim(raw);
    const std::string found = text.empty() ? "nothing" : quoted(text);
    if (!text.empty() && text.front() == '-') return result::fail("expected a non-negative integer, found " + found);
    if (!all_digits(text)) return result::fail("expected an integer such as 42, found " + found);
    if (text.size() > 1 && text.front() == '0')
        return result::fail("expected an integer such as 42, found " + found +
                            ": leading zeros are ambiguous (YAML 1.1 reads them as octal)");
    std::uint64_t value = 0;
    if (!accumulate_digits(text, value))
        return result::fail(found + " is too large: the largest integer is " + std::to_string(u64_max));
    return result::ok(value);
}

parse_result<std::int64_t> parse_signed(std::string_view raw) {
    using result = parse_result<std::int64_t>;
    const std::string_view text = trim(raw);
    const bool negative = !text.empty() && text.front() == '-';
    const std::string_view magnitude_text = negative ? text.substr(1) : text;
    const std::string found = text.empty() ? "nothing" : quoted(text);
    if (!all_digits(magnitude_text)) return result::fail("expected an integer such as -42, found " + found);
    if (magnitude_text.size() > 1 && magnitude_text.front() == '0')
        return result::fail("expected an integer such as -42, found " + found +
                            ": leading zeros are ambiguous (YAML 1.1 reads them as octal)");
    std::uint64_t magnitude = 0;
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
    if (!accumulate_digits(magnitude_text, magnitude) || magnitude > limit)
        return result::fail(found + " is out of the 64-bit integer range");
    if (negative)
        return result::ok(magnitude == limit ? std::numeric_limits<std::int64_t>::min()
                                             : -static_cast<std::int64_t>(magnitude));
    return result::ok(static_cast<std::int64_t>(magnitude));
}

parse_result<double> parse_real(std::string_view raw) {
    using result = parse_result<double>;
    const std::string_view text = trim(raw);
    const std::string failure =
        "expected a number such as 1 or 0.5, found " + (text.empty() ? "nothing" : quoted(text));
    // Check the shape first: from_chars alone would accept `inf`, `nan` and hex digits.
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    const std::size_t int_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == int_start) return result::fail(failure);
    if (i < text.size() && text[i] == '.') {
        const std::size_t frac_start = ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
        if (i == frac_start) return result::fail(failure);
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        const std::size_t exp_start = i;
        while (i < text.size() && is_digit(text[i])) ++i;
        if (i == exp_start) return result::fail(failure);
    }
    if (i != text.size()) return result::fail(failure);

    const std::string_view number = text.front() == '+' ? text.substr(1) : text;
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(value))
        return result::fail(quoted(text) + " is out of the range of a real number");
    return result::ok(value);
}

parse_result<bool> parse_bool(std::string_view raw) {
    using result = parse_result<bool>;
    const std::string_view text = trim(raw);
    if (text == "true") return result::ok(true);
    if (text == "false") return result::ok(false);
    return result::fail("expected true or false, found " + (text.empty() ? std::string("nothing") : quoted(text)));
}

parse_result<std::uint32_t> parse_address(std::string_view raw) {
    using result = parse_result<std::uint32_t>;
    const std::string_view text = trim(raw);
    const std::string found = text.empty() ? "nothing" : quoted(text);
    const std::string expected = "expected an address such as 0xC0000000 or 3221225472, found " + found;
    std::uint64_t value = 0;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        const std::string_view digits = text.substr(2);
        if (digits.empty()) return result::fail(expected + ": no digits after 0x");
        for (char c : digits) {
            unsigned digit = 0;
            if (is_digit(c))
                digit = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                digit = static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                digit = static_cast<unsigned>(c - 'A' + 10);
            else
                return result::fail(expected + ": " + quoted(std::string(1, c)) + " is not a hexadecimal digit");
            value = value * 16 + digit;
            if (value > 0xFFFFFFFFu) break;
        }
    } else {
        if (!text.empty() && text.front() == '-') return result::fail(expected + ": an address cannot be negative");
        if (!all_digits(text)) return result::fail(expected);
        if (text.size() > 1 && text.front() == '0')
            return result::fail(expected + ": leading zeros are ambiguous (YAML 1.1 reads them as octal)");
        for (char c : text) {
            value = value * 10 + static_cast<unsigned>(c - '0');
            if (value > 0xFFFFFFFFu) break;
        }
    }
    if (value > 0xFFFFFFFFu) return result::fail(found + " is beyond the 32-bit address space (the largest is 0xFFFFFFFF)");
    return result::ok(static_cast<std::uint32_t>(value));
}

std::string format_address(std::uint32_t address) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out = "0x00000000";
    for (int i = 0; i < 8; ++i) out[9 - i] = hex[(address >> (4 * i)) & 0xF];
    return out;
}

std::string format_duration_ps(std::uint64_t ps) {
    return format_in_units(ps, duration_units.data(), duration_units.size(), true);
}
std::string format_frequency_hz(std::uint64_t hz) {
    return format_in_units(hz, frequency_units.data(), frequency_units.size(), true);
}
std::string format_size_bytes(std::uint64_t bytes) {
    return format_in_units(bytes, size_units.data(), size_units.size(), false);
}

}  // namespace rtv::app
