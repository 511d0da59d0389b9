# SPDX-License-Identifier: Apache-2.0
# Bare-metal test programs for the ISS, assembled at build time with the cross assembler
# (ARMv5TE), linked at address 0 and embedded into the tests as byte arrays.
find_program(RTV_ARM_AS arm-none-eabi-as REQUIRED)
find_program(RTV_ARM_LD arm-none-eabi-ld REQUIRED)
find_program(RTV_ARM_OBJCOPY arm-none-eabi-objcopy REQUIRED)

set(RTV_ISS_PROGRAM_DIR ${CMAKE_CURRENT_BINARY_DIR}/iss_programs)
file(MAKE_DIRECTORY ${RTV_ISS_PROGRAM_DIR})

# rtv_iss_program(<name>): tests/cpu/iss/<name>.S -> iss_programs/<name>.hpp with `<name>_image`.
function(rtv_iss_program name)
  set(src ${CMAKE_CURRENT_SOURCE_DIR}/cpu/iss/${name}.S)
  set(obj ${RTV_ISS_PROGRAM_DIR}/${name}.o)
  set(elf ${RTV_ISS_PROGRAM_DIR}/${name}.elf)
  set(bin ${RTV_ISS_PROGRAM_DIR}/${name}.bin)
  set(hdr ${RTV_ISS_PROGRAM_DIR}/${name}.hpp)
  add_custom_command(OUTPUT ${hdr}
    COMMAND ${RTV_ARM_AS} -march=armv5te -I ${CMAKE_CURRENT_SOURCE_DIR}/cpu/iss -o ${obj} ${src}
    COMMAND ${RTV_ARM_LD} -Ttext=0 -o ${elf} ${obj}
    COMMAND ${RTV_ARM_OBJCOPY} -O binary ${elf} ${bin}
    COMMAND ${CMAKE_COMMAND} -DBIN=${bin} -DOUT=${hdr} -DNAME=${name}_image -P ${CMAKE_CURRENT_SOURCE_DIR}/cpu/iss/embed.cmake
    DEPENDS ${src} ${CMAKE_CURRENT_SOURCE_DIR}/cpu/iss/common.inc ${CMAKE_CURRENT_SOURCE_DIR}/cpu/iss/embed.cmake
    COMMENT "Assembling ISS test program ${name}")
  add_custom_target(iss_program_${name} DEPENDS ${hdr})
endfunction()

# rtv_iss_test(<test> <source> PROGRAMS <name>...)
function(rtv_iss_test test source)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "PROGRAMS")
  rtv_add_test(${test} ${source} LIBS rtv_cpu rtv_imx21)
  target_include_directories(${test} PRIVATE ${RTV_ISS_PROGRAM_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/cpu/iss)
  foreach(p ${ARG_PROGRAMS})
    add_dependencies(${test} iss_program_${p})
  endforeach()
endfunction()
