// SPDX-License-Identifier: Apache-2.0
// The port interface of the kernel: data types, the critical section, and the functions a
// port provides (context switch, stack frame, hooks). Two ports implement it: the Xen-ARM
// para-virtual port (port/xen_arm, the firmware) and a host port (port/host) for unit tests.
#ifndef OS_CPU_H
#define OS_CPU_H

#include <stdint.h>

typedef uint8_t BOOLEAN;
typedef uint8_t INT8U;
typedef int8_t INT8S;
typedef uint16_t INT16U;
typedef int16_t INT16S;
typedef uint32_t INT32U;
typedef int32_t INT32S;
typedef uint32_t OS_STK;     // stack entries are 32-bit words; stacks grow down
typedef uint32_t OS_CPU_SR;  // the saved "interrupt" state: for Xen-ARM, the upcall mask

#ifdef __cplusplus
extern "C" {
#endif

// uC/OS-II's critical-section method 3: save the state into a local, disable, restore.
// Under Xen-ARM the guest cannot touch CPSR.I (it runs in USR mode); it masks event
// upcalls through shared_info's evtchn_upcall_mask instead.
OS_CPU_SR OS_CPU_SR_Save(void);
void OS_CPU_SR_Restore(OS_CPU_SR sr);
#define OS_ENTER_CRITICAL() (cpu_sr = OS_CPU_SR_Save())
#define OS_EXIT_CRITICAL() (OS_CPU_SR_Restore(cpu_sr))

// Context switching (the port's assembly or, on the host, bookkeeping only).
void OSStartHighRdy(void);  // run OSTCBHighRdy for the first time; never returns on a target
void OSCtxSw(void);         // task-level switch to OSTCBHighRdy
void OSIntCtxSw(void);      // switch at the end of the current interrupt (upcall)
#define OS_TASK_SW() OSCtxSw()

#ifdef __cplusplus
}
#endif

#endif  // OS_CPU_H
