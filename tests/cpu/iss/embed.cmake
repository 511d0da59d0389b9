# SPDX-License-Identifier: Apache-2.0
# Turns a flat binary (BIN) into a C++ header (OUT) holding it as `NAME`, a byte array.
file(READ ${BIN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "// Generated from ${BIN} by tests/cpu/iss/embed.cmake: do not edit.\n#pragma once\n#include <cstdint>\ninline constexpr std::uint8_t ${NAME}[] = {${bytes}};\n")
