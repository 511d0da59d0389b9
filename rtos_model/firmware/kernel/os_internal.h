// SPDX-License-Identifier: Apache-2.0
// Kernel-internal functions and state shared by the kernel's files (uC/OS-II's OS_ names).
#ifndef OS_INTERNAL_H
#define OS_INTERNAL_H

#include "ucos_ii.h"

extern OS_TCB* OSTCBFreeList;
extern OS_EVENT* OSEventFreeList;
extern OS_EVENT OSEventTbl[OS_MAX_EVENTS];

void OS_RdyInsert(OS_TCB* ptcb);
void OS_RdyRemove(OS_TCB* ptcb);
void OS_SchedNew(void);
void OS_Sched(void);
void OS_EventTaskWait(OS_EVENT* pevent);
void OS_EventTaskRemove(OS_TCB* ptcb, OS_EVENT* pevent);
void OS_MemClr(void* p, INT32U size);

#endif  // OS_INTERNAL_H
