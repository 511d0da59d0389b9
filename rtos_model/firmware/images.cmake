# SPDX-License-Identifier: Apache-2.0
# Cross-builds the guest images as part of the normal build, each as its own CMake project
# with the arm-none-eabi toolchain file (the host compiler and its flags, sanitizers
# included, never reach them):
#   build/firmware/ucos_guest.elf, build/firmware/busy_guest.elf   (rtos_model/firmware)
#   build/firmware/xen-arm-hello/xen_hello.elf                     (examples/xen-arm-hello)
# The images' variables for tests: RTV_FIRMWARE_DIR, RTV_HELLO_ELF.
include(ExternalProject)

option(RTV_FIRMWARE "Cross-build the binary guest images (needs gcc-arm-none-eabi)" ON)
if(NOT RTV_FIRMWARE)
  return()
endif()
find_program(RTV_ARM_NONE_EABI_GCC arm-none-eabi-gcc)
if(NOT RTV_ARM_NONE_EABI_GCC)
  message(FATAL_ERROR "arm-none-eabi-gcc not found: run tools/deps.sh (Debian's gcc-arm-none-eabi), "
                      "or configure with -DRTV_FIRMWARE=OFF to build without the binary guests")
endif()

set(RTV_FIRMWARE_DIR ${CMAKE_BINARY_DIR}/firmware CACHE INTERNAL "")
set(RTV_HELLO_ELF ${RTV_FIRMWARE_DIR}/xen-arm-hello/xen_hello.elf CACHE INTERNAL "")
set(rtv_fw_args -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/rtos_model/firmware/cmake/arm-none-eabi.cmake
                -DCMAKE_BUILD_TYPE=Release)
if(RTV_CCACHE)
  list(APPEND rtv_fw_args -DCMAKE_C_COMPILER_LAUNCHER=${RTV_CCACHE})
endif()
# Quiet: the sub-builds' output goes to log files, shown only when they fail.
set(rtv_fw_quiet LOG_CONFIGURE ON LOG_BUILD ON LOG_OUTPUT_ON_FAILURE ON)

ExternalProject_Add(rtv_firmware
  SOURCE_DIR ${CMAKE_SOURCE_DIR}/rtos_model/firmware
  BINARY_DIR ${RTV_FIRMWARE_DIR}
  CMAKE_ARGS ${rtv_fw_args}
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${RTV_FIRMWARE_DIR}/ucos_guest.elf ${RTV_FIRMWARE_DIR}/busy_guest.elf
  ${rtv_fw_quiet})

ExternalProject_Add(rtv_xen_hello
  SOURCE_DIR ${CMAKE_SOURCE_DIR}/examples/xen-arm-hello
  BINARY_DIR ${RTV_FIRMWARE_DIR}/xen-arm-hello
  CMAKE_ARGS ${rtv_fw_args}
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${RTV_HELLO_ELF}
  ${rtv_fw_quiet})
