// SPDX-License-Identifier: Apache-2.0
// rtvsim's uC/OS-II-compatible kernel: the API subset RTOS applications use, with
// uC/OS-II's semantics (J. J. Labrosse, "MicroC/OS-II: The Real-Time Kernel", 2nd ed., CMP
// Books 2002: chapter 3 kernel structure, 4 task management, 5 time management, 7
// semaphores). Written for rtvsim; no uC/OS-II source is used. Names and error codes follow
// the book so that an application written for uC/OS-II compiles against it.
//
// Extensions, all prefixed OSEdf/OSTicksPerSec: an EDF scheduling policy (the model guest's
// variant: the earliest absolute deadline in guest ticks among ready tasks, ties by
// priority) and a run-time OS_TICKS_PER_SEC (set before OSInit, from the configuration).
#ifndef UCOS_II_H
#define UCOS_II_H

#include "os_cpu.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OS_VERSION 286u            // the API level followed (uC/OS-II V2.86)
#define OS_LOWEST_PRIO 63u         // 64 priorities; the idle task runs at 63
#define OS_MAX_TASKS 20u           // application tasks
#define OS_N_SYS_TASKS 1u          // the idle task
#define OS_MAX_EVENTS 20u
#define OS_PRIO_SELF 0xFFu
#define OS_RDY_TBL_SIZE ((OS_LOWEST_PRIO) / 8u + 1u)
#define OS_TASK_IDLE_PRIO OS_LOWEST_PRIO
#define OS_TASK_IDLE_STK_SIZE 256u  // its own frames and an upcall's on top
#define OS_EDF_NO_DEADLINE 0xFFFFFFFFu

// Error codes (Labrosse, appendix; uC/OS-II V2.86 names).
#define OS_ERR_NONE 0u
#define OS_ERR_EVENT_TYPE 1u
#define OS_ERR_PEND_ISR 2u
#define OS_ERR_PEVENT_NULL 4u
#define OS_ERR_TIMEOUT 10u
#define OS_ERR_PEND_LOCKED 13u
#define OS_ERR_TIME_NOT_DLY 80u
#define OS_ERR_TIME_INVALID_MINUTES 81u
#define OS_ERR_TIME_INVALID_SECONDS 82u
#define OS_ERR_TIME_INVALID_MS 83u
#define OS_ERR_TIME_ZERO_DLY 84u
#define OS_ERR_TIME_DLY_ISR 85u
#define OS_ERR_PRIO_EXIST 40u
#define OS_ERR_PRIO_INVALID 42u
#define OS_ERR_TASK_CREATE_ISR 60u
#define OS_ERR_TASK_NOT_EXIST 67u
#define OS_ERR_SEM_OVF 50u
#define OS_ERR_NO_MORE_TCB 66u

// OSTCBStat bits and OSTCBStatPend values.
#define OS_STAT_RDY 0x00u
#define OS_STAT_SEM 0x01u
#define OS_STAT_SUSPEND 0x08u
#define OS_STAT_PEND_ANY (OS_STAT_SEM)
#define OS_STAT_PEND_OK 0u
#define OS_STAT_PEND_TO 1u

#define OS_EVENT_TYPE_UNUSED 0u
#define OS_EVENT_TYPE_SEM 3u

#define OS_TASK_OPT_NONE 0x0000u
#define OS_TASK_OPT_STK_CHK 0x0001u
#define OS_TASK_OPT_STK_CLR 0x0002u

typedef struct os_event {
    INT8U OSEventType;
    INT8U OSEventGrp;                     // waiting-task groups, like OSRdyGrp
    INT16U OSEventCnt;                    // semaphore count
    void* OSEventPtr;                     // free-list link
    INT8U OSEventTbl[OS_RDY_TBL_SIZE];    // waiting tasks, like OSRdyTbl
} OS_EVENT;

typedef struct os_tcb {
    OS_STK* OSTCBStkPtr;  // first member: the port's switch code saves the stack pointer here
    void* OSTCBExtPtr;
    OS_STK* OSTCBStkBottom;
    INT32U OSTCBStkSize;
    INT16U OSTCBOpt;
    INT16U OSTCBId;
    struct os_tcb* OSTCBNext;
    struct os_tcb* OSTCBPrev;
    OS_EVENT* OSTCBEventPtr;
    INT32U OSTCBDly;       // ticks left to wait (0: not delayed)
    INT8U OSTCBStat;
    INT8U OSTCBStatPend;
    INT8U OSTCBPrio;
    INT8U OSTCBX, OSTCBY, OSTCBBitX, OSTCBBitY;
    INT32U OSTCBDeadline;  // EDF extension: absolute deadline in ticks (OS_EDF_NO_DEADLINE)
    INT32U OSTCBCtxSwCtr;
} OS_TCB;

// Kernel state (uC/OS-II's global names).
extern INT32U OSCtxSwCtr;
extern INT32U OSIdleCtr;
extern INT8U OSIntNesting;
extern INT8U OSLockNesting;
extern INT8U OSPrioCur;
extern INT8U OSPrioHighRdy;
extern INT8U OSRdyGrp;
extern INT8U OSRdyTbl[OS_RDY_TBL_SIZE];
extern BOOLEAN OSRunning;
extern INT8U OSTaskCtr;
extern volatile INT32U OSTime;
extern OS_TCB* OSTCBCur;
extern OS_TCB* OSTCBHighRdy;
extern OS_TCB* OSTCBList;
extern OS_TCB* OSTCBPrioTbl[OS_LOWEST_PRIO + 1u];
extern OS_TCB OSTCBTbl[OS_MAX_TASKS + OS_N_SYS_TASKS];
extern INT8U const OSUnMapTbl[256];
extern INT32U OSTicksPerSec;  // OS_TICKS_PER_SEC, set before OSInit (default 100)
extern INT8U OSEdfEnabled;    // 1: EDF policy (set before OSStart)

// Kernel.
void OSInit(void);
void OSStart(void);
void OSIntEnter(void);
void OSIntExit(void);
void OSSchedLock(void);
void OSSchedUnlock(void);
INT16U OSVersion(void);

// Tasks.
INT8U OSTaskCreate(void (*task)(void* p_arg), void* p_arg, OS_STK* ptos, INT8U prio);
INT8U OSTaskCreateExt(void (*task)(void* p_arg), void* p_arg, OS_STK* ptos, INT8U prio, INT16U id,
                      OS_STK* pbos, INT32U stk_size, void* pext, INT16U opt);

// Time.
void OSTimeDly(INT32U ticks);
INT8U OSTimeDlyHMSM(INT8U hours, INT8U minutes, INT8U seconds, INT16U ms);
INT8U OSTimeDlyResume(INT8U prio);
INT32U OSTimeGet(void);
void OSTimeSet(INT32U ticks);
void OSTimeTick(void);

// Semaphores.
OS_EVENT* OSSemCreate(INT16U cnt);
void OSSemPend(OS_EVENT* pevent, INT32U timeout, INT8U* perr);
INT8U OSSemPost(OS_EVENT* pevent);

// EDF extension: the absolute deadline (guest ticks) the scheduler orders a task by.
void OSEdfSetDeadline(INT8U prio, INT32U deadline_tick);

// Hooks a port or application provides (uC/OS-II's OS_CPU_C.C hooks).
void OSInitHookBegin(void);
void OSTaskCreateHook(OS_TCB* ptcb);
void OSTaskSwHook(void);
void OSTaskIdleHook(void);
void OSTimeTickHook(void);
OS_STK* OSTaskStkInit(void (*task)(void* p_arg), void* p_arg, OS_STK* ptos, INT16U opt);

// Integer division without a divide instruction (ARMv5 has none) and without libgcc.
INT32U OSDivU32(INT32U n, INT32U d);
uint64_t OSDivU64(uint64_t n, uint32_t d);

#ifdef __cplusplus
}
#endif

#endif  // UCOS_II_H
