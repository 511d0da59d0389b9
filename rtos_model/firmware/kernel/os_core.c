// SPDX-License-Identifier: Apache-2.0
// Kernel core: global state, the ready list and its lookup table, OSInit/OSStart, the
// scheduler (fixed priority, or the EDF extension), interrupt entry and exit, the scheduler
// lock, the idle task and OSTimeTick. Semantics from Labrosse, "MicroC/OS-II", 2nd ed.,
// chapter 3; written for rtvsim.
#include "os_internal.h"

INT32U OSCtxSwCtr;
INT32U OSIdleCtr;
INT8U OSIntNesting;
INT8U OSLockNesting;
INT8U OSPrioCur;
INT8U OSPrioHighRdy;
INT8U OSRdyGrp;
INT8U OSRdyTbl[OS_RDY_TBL_SIZE];
BOOLEAN OSRunning;
INT8U OSTaskCtr;
volatile INT32U OSTime;
OS_TCB* OSTCBCur;
OS_TCB* OSTCBHighRdy;
OS_TCB* OSTCBList;
OS_TCB* OSTCBPrioTbl[OS_LOWEST_PRIO + 1u];
OS_TCB OSTCBTbl[OS_MAX_TASKS + OS_N_SYS_TASKS];
INT32U OSTicksPerSec = 100u;
INT8U OSEdfEnabled;

OS_TCB* OSTCBFreeList;
OS_EVENT* OSEventFreeList;
OS_EVENT OSEventTbl[OS_MAX_EVENTS];

static OS_STK OSTaskIdleStk[OS_TASK_IDLE_STK_SIZE];

// OSUnMapTbl[v] is the number of the lowest set bit of v (0 for v = 0): the position of the
// highest-priority (lowest-numbered) entry in a bitmap row. Generated here by the
// preprocessor from that definition, not typed in.
#define OS_LSB(v)                                                                                  \
    ((v)&1 ? 0 : (v)&2 ? 1 : (v)&4 ? 2 : (v)&8 ? 3 : (v)&16 ? 4 : (v)&32 ? 5 : (v)&64 ? 6 : (v)&128 ? 7 : 0)
#define OS_LSB4(b) OS_LSB(b), OS_LSB((b) + 1), OS_LSB((b) + 2), OS_LSB((b) + 3)
#define OS_LSB16(b) OS_LSB4(b), OS_LSB4((b) + 4), OS_LSB4((b) + 8), OS_LSB4((b) + 12)
#define OS_LSB64(b) OS_LSB16(b), OS_LSB16((b) + 16), OS_LSB16((b) + 32), OS_LSB16((b) + 48)
INT8U const OSUnMapTbl[256] = {OS_LSB64(0), OS_LSB64(64), OS_LSB64(128), OS_LSB64(192)};

static void OS_TaskIdle(void* p_arg);

void OS_RdyInsert(OS_TCB* ptcb) {
    OSRdyGrp |= ptcb->OSTCBBitY;
    OSRdyTbl[ptcb->OSTCBY] |= ptcb->OSTCBBitX;
}

void OS_RdyRemove(OS_TCB* ptcb) {
    OSRdyTbl[ptcb->OSTCBY] &= (INT8U)~ptcb->OSTCBBitX;
    if (OSRdyTbl[ptcb->OSTCBY] == 0u) OSRdyGrp &= (INT8U)~ptcb->OSTCBBitY;
}

void OSInit(void) {
    INT32U i;
    OSInitHookBegin();
    OSTime = 0u;
    OSIntNesting = 0u;
    OSLockNesting = 0u;
    OSTaskCtr = 0u;
    OSRunning = 0u;
    OSCtxSwCtr = 0u;
    OSIdleCtr = 0u;
    OSPrioCur = OSPrioHighRdy = 0u;
    OSTCBCur = OSTCBHighRdy = (OS_TCB*)0;
    OSTCBList = (OS_TCB*)0;
    if (OSTicksPerSec == 0u) OSTicksPerSec = 100u;
    OSRdyGrp = 0u;
    for (i = 0u; i < OS_RDY_TBL_SIZE; i++) OSRdyTbl[i] = 0u;
    for (i = 0u; i <= OS_LOWEST_PRIO; i++) OSTCBPrioTbl[i] = (OS_TCB*)0;
    for (i = 0u; i < OS_MAX_TASKS + OS_N_SYS_TASKS; i++) {
        OS_MemClr(&OSTCBTbl[i], sizeof(OS_TCB));
        OSTCBTbl[i].OSTCBNext = (i + 1u < OS_MAX_TASKS + OS_N_SYS_TASKS) ? &OSTCBTbl[i + 1u] : (OS_TCB*)0;
    }
    OSTCBFreeList = &OSTCBTbl[0];
    for (i = 0u; i < OS_MAX_EVENTS; i++) {
        OS_MemClr(&OSEventTbl[i], sizeof(OS_EVENT));
        OSEventTbl[i].OSEventPtr = (i + 1u < OS_MAX_EVENTS) ? (void*)&OSEventTbl[i + 1u] : (void*)0;
    }
    OSEventFreeList = &OSEventTbl[0];
    (void)OSTaskCreateExt(OS_TaskIdle, (void*)0, &OSTaskIdleStk[OS_TASK_IDLE_STK_SIZE - 1u], OS_TASK_IDLE_PRIO,
                          0xFFFFu, &OSTaskIdleStk[0], OS_TASK_IDLE_STK_SIZE, (void*)0, OS_TASK_OPT_NONE);
}

// The highest-priority ready task into OSPrioHighRdy: two lookups in OSUnMapTbl (Labrosse
// 3.04). Under EDF: the ready task with the earliest absolute deadline; ties (and tasks
// without a job, OS_EDF_NO_DEADLINE) go to the higher priority, so the idle task runs only
// when nothing else is ready.
void OS_SchedNew(void) {
    INT8U y = OSUnMapTbl[OSRdyGrp];
    OSPrioHighRdy = (INT8U)((y << 3) + OSUnMapTbl[OSRdyTbl[y]]);
    if (!OSEdfEnabled) return;
    INT32U best = OSTCBPrioTbl[OSPrioHighRdy]->OSTCBDeadline;
    for (y = 0u; y < OS_RDY_TBL_SIZE; y++) {
        INT8U row = OSRdyTbl[y];
        while (row != 0u) {
            const INT8U prio = (INT8U)((y << 3) + OSUnMapTbl[row]);
            row &= (INT8U)(row - 1u);  // ascending priority numbers: strict < keeps the tie-break
            const INT32U d = OSTCBPrioTbl[prio]->OSTCBDeadline;
            if (d < best) {
                best = d;
                OSPrioHighRdy = prio;
            }
        }
    }
}

void OSEdfSetDeadline(INT8U prio, INT32U deadline_tick) {
    OS_CPU_SR cpu_sr;
    OS_ENTER_CRITICAL();
    if (prio <= OS_LOWEST_PRIO && OSTCBPrioTbl[prio] != (OS_TCB*)0) OSTCBPrioTbl[prio]->OSTCBDeadline = deadline_tick;
    OS_EXIT_CRITICAL();
}

// Whether another task should run now; if so OSTCBHighRdy is it and the switch is counted.
// Called inside a critical section, outside interrupts and with the scheduler unlocked.
static BOOLEAN OS_SchedSwitchNeeded(void) {
    OS_SchedNew();
    if (OSPrioHighRdy == OSPrioCur) return 0u;
    OSTCBHighRdy = OSTCBPrioTbl[OSPrioHighRdy];
    OSTCBHighRdy->OSTCBCtxSwCtr++;
    OSCtxSwCtr++;
    return 1u;
}

void OS_Sched(void) {
    OS_CPU_SR cpu_sr;
    OS_ENTER_CRITICAL();
    if (OSIntNesting == 0u && OSLockNesting == 0u && OS_SchedSwitchNeeded()) OS_TASK_SW();
    OS_EXIT_CRITICAL();
}

void OSStart(void) {
    if (OSRunning) return;
    OS_SchedNew();
    OSPrioCur = OSPrioHighRdy;
    OSTCBHighRdy = OSTCBPrioTbl[OSPrioHighRdy];
    OSTCBCur = OSTCBHighRdy;
    OSRunning = 1u;
    OSStartHighRdy();
}

// Called by the port's interrupt (upcall) entry with upcalls masked.
void OSIntEnter(void) {
    if (OSRunning && OSIntNesting < 255u) OSIntNesting++;
}

// The scheduling decision at the end of an interrupt: a switch, if any, happens when the
// port leaves the interrupt (OSIntCtxSw).
void OSIntExit(void) {
    OS_CPU_SR cpu_sr;
    if (!OSRunning) return;
    OS_ENTER_CRITICAL();
    if (OSIntNesting > 0u) OSIntNesting--;
    if (OSIntNesting == 0u && OSLockNesting == 0u && OS_SchedSwitchNeeded()) OSIntCtxSw();
    OS_EXIT_CRITICAL();
}

void OSSchedLock(void) {
    OS_CPU_SR cpu_sr;
    if (!OSRunning) return;
    OS_ENTER_CRITICAL();
    if (OSIntNesting == 0u && OSLockNesting < 255u) OSLockNesting++;
    OS_EXIT_CRITICAL();
}

void OSSchedUnlock(void) {
    OS_CPU_SR cpu_sr;
    if (!OSRunning) return;
    OS_ENTER_CRITICAL();
    if (OSLockNesting > 0u) {
        OSLockNesting--;
        if (OSLockNesting == 0u && OSIntNesting == 0u) {
            OS_EXIT_CRITICAL();
            OS_Sched();
            return;
        }
    }
    OS_EXIT_CRITICAL();
}

INT16U OSVersion(void) { return OS_VERSION; }

// One clock tick: the hook, OSTime++, then every delayed task's count; a task whose count
// reaches zero is made ready (a pend that times out is removed from its event's wait list).
void OSTimeTick(void) {
    OS_CPU_SR cpu_sr;
    OS_TCB* ptcb;
    OSTimeTickHook();
    OS_ENTER_CRITICAL();
    OSTime++;
    OS_EXIT_CRITICAL();
    if (!OSRunning) return;
    for (ptcb = OSTCBList; ptcb != (OS_TCB*)0 && ptcb->OSTCBPrio != OS_TASK_IDLE_PRIO; ptcb = ptcb->OSTCBNext) {
        OS_ENTER_CRITICAL();
        if (ptcb->OSTCBDly != 0u && --ptcb->OSTCBDly == 0u) {
            if (ptcb->OSTCBStat & OS_STAT_PEND_ANY) {
                ptcb->OSTCBStat &= (INT8U)~OS_STAT_PEND_ANY;
                ptcb->OSTCBStatPend = OS_STAT_PEND_TO;
                OS_EventTaskRemove(ptcb, ptcb->OSTCBEventPtr);
            } else {
                ptcb->OSTCBStatPend = OS_STAT_PEND_OK;
            }
            if ((ptcb->OSTCBStat & OS_STAT_SUSPEND) == 0u) OS_RdyInsert(ptcb);
        }
        OS_EXIT_CRITICAL();
    }
}

// OS_TaskIdle: counts, then calls the hook (where a port may wait for an event).
static void OS_TaskIdle(void* p_arg) {
    OS_CPU_SR cpu_sr;
    (void)p_arg;
    for (;;) {
        OS_ENTER_CRITICAL();
        OSIdleCtr++;
        OS_EXIT_CRITICAL();
        OSTaskIdleHook();
    }
}

void OS_MemClr(void* p, INT32U size) {
    volatile INT8U* b = (volatile INT8U*)p;  // volatile: no memset call in a freestanding image
    while (size-- > 0u) *b++ = 0u;
}

INT32U OSDivU32(INT32U n, INT32U d) { return (INT32U)OSDivU64(n, d); }

// Restoring division, one quotient bit per step (ARMv5 has no divide instruction); only
// constant shifts, which GCC expands inline (no libgcc helper is linked).
uint64_t OSDivU64(uint64_t n, uint32_t d) {
    uint64_t q = 0u, r = 0u;
    int i;
    if (d == 0u) return ~(uint64_t)0;
    for (i = 0; i < 64; i++) {
        r = (r << 1) | (n >> 63);
        n <<= 1;
        q <<= 1;
        if (r >= d) {
            r -= d;
            q |= 1u;
        }
    }
    return q;
}
