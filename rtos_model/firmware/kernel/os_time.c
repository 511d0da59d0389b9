// SPDX-License-Identifier: Apache-2.0
// Time management (Labrosse, "MicroC/OS-II", 2nd ed., chapter 5): delays are relative to
// the tick at which they are asked for, counted down by OSTimeTick.
#include "os_internal.h"

void OSTimeDly(INT32U ticks) {
    OS_CPU_SR cpu_sr;
    if (OSIntNesting > 0u || OSLockNesting > 0u) return;  // not from an ISR, not while locked
    if (ticks == 0u) return;
    OS_ENTER_CRITICAL();
    OS_RdyRemove(OSTCBCur);
    OSTCBCur->OSTCBDly = ticks;
    OS_EXIT_CRITICAL();
    OS_Sched();
}

// ticks = (h*3600 + m*60 + s) * rate + rate * (ms + 500/rate) / 1000: the millisecond part
// rounds to the nearest tick, as uC/OS-II's OSTimeDlyHMSM does.
INT8U OSTimeDlyHMSM(INT8U hours, INT8U minutes, INT8U seconds, INT16U ms) {
    INT32U ticks;
    if (OSIntNesting > 0u) return OS_ERR_TIME_DLY_ISR;
    if (hours == 0u && minutes == 0u && seconds == 0u && ms == 0u) return OS_ERR_TIME_ZERO_DLY;
    if (minutes > 59u) return OS_ERR_TIME_INVALID_MINUTES;
    if (seconds > 59u) return OS_ERR_TIME_INVALID_SECONDS;
    if (ms > 999u) return OS_ERR_TIME_INVALID_MS;
    ticks = ((INT32U)hours * 3600u + (INT32U)minutes * 60u + (INT32U)seconds) * OSTicksPerSec +
            OSDivU32(OSTicksPerSec * ((INT32U)ms + OSDivU32(500u, OSTicksPerSec)), 1000u);
    OSTimeDly(ticks);
    return OS_ERR_NONE;
}

INT8U OSTimeDlyResume(INT8U prio) {
    OS_CPU_SR cpu_sr;
    OS_TCB* ptcb;
    if (prio >= OS_LOWEST_PRIO) return OS_ERR_PRIO_INVALID;
    OS_ENTER_CRITICAL();
    ptcb = OSTCBPrioTbl[prio];
    if (ptcb == (OS_TCB*)0 || ptcb == (OS_TCB*)1) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_NOT_EXIST;
    }
    if (ptcb->OSTCBDly == 0u) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TIME_NOT_DLY;
    }
    ptcb->OSTCBDly = 0u;
    if (ptcb->OSTCBStat & OS_STAT_PEND_ANY) {  // a timed pend ends as a timeout
        ptcb->OSTCBStat &= (INT8U)~OS_STAT_PEND_ANY;
        ptcb->OSTCBStatPend = OS_STAT_PEND_TO;
        OS_EventTaskRemove(ptcb, ptcb->OSTCBEventPtr);
    } else {
        ptcb->OSTCBStatPend = OS_STAT_PEND_OK;
    }
    if ((ptcb->OSTCBStat & OS_STAT_SUSPEND) == 0u) {
        OS_RdyInsert(ptcb);
        OS_EXIT_CRITICAL();
        OS_Sched();
    } else {
        OS_EXIT_CRITICAL();
    }
    return OS_ERR_NONE;
}

INT32U OSTimeGet(void) {
    OS_CPU_SR cpu_sr;
    INT32U t;
    OS_ENTER_CRITICAL();
    t = OSTime;
    OS_EXIT_CRITICAL();
    return t;
}

void OSTimeSet(INT32U ticks) {
    OS_CPU_SR cpu_sr;
    OS_ENTER_CRITICAL();
    OSTime = ticks;
    OS_EXIT_CRITICAL();
}
