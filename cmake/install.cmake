# SPDX-License-Identifier: Apache-2.0
# Installation (`cmake --install build --prefix PREFIX`) and the Debian package (`cpack -G DEB`
# in build/). Layout under PREFIX:
#   bin/rtvsim                              the simulator; `rtvsim plot` runs the plot tool below
#   share/rtvsim/plot/rtvplot.py            the plot tool's entry point
#   lib/python3/dist-packages/rtvsim/       the Python reader and plots (import rtvsim), where
#                                           Debian's python3 finds it when PREFIX is /usr
#   share/rtvsim/scenarios/                 the experiment set
#   share/rtvsim/firmware/                  the binary guests (ucos_guest.elf, busy_guest.elf)
#   share/doc/rtvsim/                       README, LICENSE, CITATION.cff and docs/
include(GNUInstallDirs)
set(RTV_PYTHON_DIR "lib/python3/dist-packages" CACHE STRING
    "where the rtvsim Python package is installed, relative to the prefix")
# The installed plot script finds the package at PREFIX/lib/python3/dist-packages (rtvplot.py).
if(NOT RTV_PYTHON_DIR STREQUAL "lib/python3/dist-packages")
  message(STATUS "rtvsim: Python package in ${RTV_PYTHON_DIR}: set PYTHONPATH to use rtvplot.py directly")
endif()

install(TARGETS rtvsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS tools/plot/rtvplot.py DESTINATION ${CMAKE_INSTALL_DATADIR}/rtvsim/plot)
install(DIRECTORY tools/plot/rtvsim DESTINATION ${RTV_PYTHON_DIR}
        PATTERN __pycache__ EXCLUDE PATTERN "*.pyc" EXCLUDE)
install(DIRECTORY scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/rtvsim/scenarios)
# The binary guests, where `${RTV_FIRMWARE_DIR}` in a scenario finds them (app/firmware_dir.hpp).
if(RTV_FIRMWARE)
  install(FILES ${RTV_FIRMWARE_DIR}/ucos_guest.elf ${RTV_FIRMWARE_DIR}/busy_guest.elf
          DESTINATION ${CMAKE_INSTALL_DATADIR}/rtvsim/firmware)
endif()
install(FILES README.md LICENSE CITATION.cff DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES tools/plot/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME plot.md)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# Debian package: rtvsim_<version>_<arch>.deb. dpkg-shlibdeps (dpkg-dev) names the shared
# libraries the executable links (SystemC, Boost.Program_options, spdlog, fmt, yaml-cpp, libstdc++);
# the plot tool's interpreter and modules are named here.
set(CPACK_PACKAGE_NAME rtvsim)
set(CPACK_PACKAGE_VENDOR "rtvsim developers")
set(CPACK_PACKAGE_CONTACT "rtvsim developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "cycle-level simulator of Xen-ARM on the i.MX21 with real-time OS guests")
set(CPACK_PACKAGE_DESCRIPTION
    "rtvsim simulates a Freescale i.MX21 board (ARM926EJ-S) running the Xen-ARM hypervisor with
real-time OS guests on SystemC/TLM-2.0, and measures CPU shares, timer-interrupt loss, guest
clock drift and deadline misses deterministically; it sweeps parameters and plots the results.")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, python3-pandas, python3-matplotlib")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_SOURCE_DIR}/cmake/debian/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
