// SPDX-License-Identifier: Apache-2.0
// Counting semaphores and the event wait lists they use (Labrosse, "MicroC/OS-II", 2nd ed.,
// chapters 6 and 7): a wait list is a bitmap like the ready list; a post readies the
// highest-priority waiter.
#include "os_internal.h"

void OS_EventTaskWait(OS_EVENT* pevent) {
    OSTCBCur->OSTCBEventPtr = pevent;
    pevent->OSEventTbl[OSTCBCur->OSTCBY] |= OSTCBCur->OSTCBBitX;
    pevent->OSEventGrp |= OSTCBCur->OSTCBBitY;
    OS_RdyRemove(OSTCBCur);
}

void OS_EventTaskRemove(OS_TCB* ptcb, OS_EVENT* pevent) {
    if (pevent == (OS_EVENT*)0) return;
    pevent->OSEventTbl[ptcb->OSTCBY] &= (INT8U)~ptcb->OSTCBBitX;
    if (pevent->OSEventTbl[ptcb->OSTCBY] == 0u) pevent->OSEventGrp &= (INT8U)~ptcb->OSTCBBitY;
    ptcb->OSTCBEventPtr = (OS_EVENT*)0;
}

// Readies the highest-priority task waiting on the event.
static void OS_EventTaskRdy(OS_EVENT* pevent) {
    const INT8U y = OSUnMapTbl[pevent->OSEventGrp];
    const INT8U x = OSUnMapTbl[pevent->OSEventTbl[y]];
    OS_TCB* ptcb = OSTCBPrioTbl[(y << 3) + x];
    ptcb->OSTCBDly = 0u;
    ptcb->OSTCBStat &= (INT8U)~OS_STAT_SEM;
    ptcb->OSTCBStatPend = OS_STAT_PEND_OK;
    OS_EventTaskRemove(ptcb, pevent);
    if ((ptcb->OSTCBStat & OS_STAT_SUSPEND) == 0u) OS_RdyInsert(ptcb);
}

OS_EVENT* OSSemCreate(INT16U cnt) {
    OS_CPU_SR cpu_sr;
    OS_EVENT* pevent;
    if (OSIntNesting > 0u) return (OS_EVENT*)0;
    OS_ENTER_CRITICAL();
    pevent = OSEventFreeList;
    if (pevent != (OS_EVENT*)0) OSEventFreeList = (OS_EVENT*)pevent->OSEventPtr;
    OS_EXIT_CRITICAL();
    if (pevent != (OS_EVENT*)0) {
        INT32U i;
        pevent->OSEventType = OS_EVENT_TYPE_SEM;
        pevent->OSEventCnt = cnt;
        pevent->OSEventPtr = (void*)0;
        pevent->OSEventGrp = 0u;
        for (i = 0u; i < OS_RDY_TBL_SIZE; i++) pevent->OSEventTbl[i] = 0u;
    }
    return pevent;
}

void OSSemPend(OS_EVENT* pevent, INT32U timeout, INT8U* perr) {
    OS_CPU_SR cpu_sr;
    if (pevent == (OS_EVENT*)0) {
        *perr = OS_ERR_PEVENT_NULL;
        return;
    }
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM) {
        *perr = OS_ERR_EVENT_TYPE;
        return;
    }
    if (OSIntNesting > 0u) {
        *perr = OS_ERR_PEND_ISR;
        return;
    }
    if (OSLockNesting > 0u) {
        *perr = OS_ERR_PEND_LOCKED;
        return;
    }
    OS_ENTER_CRITICAL();
    if (pevent->OSEventCnt > 0u) {
        pevent->OSEventCnt--;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return;
    }
    OSTCBCur->OSTCBStat |= OS_STAT_SEM;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBDly = timeout;
    OS_EventTaskWait(pevent);
    OS_EXIT_CRITICAL();
    OS_Sched();
    OS_ENTER_CRITICAL();
    *perr = OSTCBCur->OSTCBStatPend == OS_STAT_PEND_TO ? OS_ERR_TIMEOUT : OS_ERR_NONE;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OS_EXIT_CRITICAL();
}

INT8U OSSemPost(OS_EVENT* pevent) {
    OS_CPU_SR cpu_sr;
    if (pevent == (OS_EVENT*)0) return OS_ERR_PEVENT_NULL;
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM) return OS_ERR_EVENT_TYPE;
    OS_ENTER_CRITICAL();
    if (pevent->OSEventGrp != 0u) {
        OS_EventTaskRdy(pevent);
        OS_EXIT_CRITICAL();
        OS_Sched();  // no switch from an ISR: OSIntExit decides there
        return OS_ERR_NONE;
    }
    if (pevent->OSEventCnt < 65535u) {
        pevent->OSEventCnt++;
        OS_EXIT_CRITICAL();
        return OS_ERR_NONE;
    }
    OS_EXIT_CRITICAL();
    return OS_ERR_SEM_OVF;
}
