export namespace archive {
	
	export class Ratio {
	    count: number;
	    total: number;
	    rate: number;
	
	    static createFrom(source: any = {}) {
	        return new Ratio(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.count = source["count"];
	        this.total = source["total"];
	        this.rate = source["rate"];
	    }
	}
	export class Bucket {
	    key: string;
	    label: fieldbook.Message;
	    jobs: number;
	    incomplete: Ratio;
	    j: Ratio;
	    follow_up: Ratio;
	    returned: Ratio;
	    returns: number;
	    on_site_avg_minutes: number;
	    on_site_jobs: number;
	
	    static createFrom(source: any = {}) {
	        return new Bucket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = this.convertValues(source["label"], fieldbook.Message);
	        this.jobs = source["jobs"];
	        this.incomplete = this.convertValues(source["incomplete"], Ratio);
	        this.j = this.convertValues(source["j"], Ratio);
	        this.follow_up = this.convertValues(source["follow_up"], Ratio);
	        this.returned = this.convertValues(source["returned"], Ratio);
	        this.returns = source["returns"];
	        this.on_site_avg_minutes = source["on_site_avg_minutes"];
	        this.on_site_jobs = source["on_site_jobs"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Sig {
	    role: string;
	    kind: string;
	    signer_name?: string;
	
	    static createFrom(source: any = {}) {
	        return new Sig(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.role = source["role"];
	        this.kind = source["kind"];
	        this.signer_name = source["signer_name"];
	    }
	}
	export class DocCheck {
	    order?: number;
	    signatures: Sig[];
	    stamps: string[];
	
	    static createFrom(source: any = {}) {
	        return new DocCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.order = source["order"];
	        this.signatures = this.convertValues(source["signatures"], Sig);
	        this.stamps = source["stamps"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Problem {
	    code: string;
	    doc?: string;
	    role?: string;
	    stamp?: string;
	    field?: string;
	    j?: boolean;
	    position?: number;
	    want?: number;
	    after?: string;
	    before?: string;
	    message: string;
	    message_en: string;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.doc = source["doc"];
	        this.role = source["role"];
	        this.stamp = source["stamp"];
	        this.field = source["field"];
	        this.j = source["j"];
	        this.position = source["position"];
	        this.want = source["want"];
	        this.after = source["after"];
	        this.before = source["before"];
	        this.message = source["message"];
	        this.message_en = source["message_en"];
	    }
	}
	export class StampStatus {
	    stamp: string;
	    present: boolean;
	
	    static createFrom(source: any = {}) {
	        return new StampStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.stamp = source["stamp"];
	        this.present = source["present"];
	    }
	}
	export class SigStatus {
	    role: string;
	    kind: string;
	    signer_name?: string;
	    ok: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SigStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.role = source["role"];
	        this.kind = source["kind"];
	        this.signer_name = source["signer_name"];
	        this.ok = source["ok"];
	    }
	}
	export class DocStatus {
	    key: string;
	    name: jobtype.Text;
	    presence: string;
	    when?: string;
	    required: boolean;
	    present: boolean;
	    source?: string;
	    order?: number;
	    signatures: SigStatus[];
	    stamps: StampStatus[];
	    ok: boolean;
	    problems: Problem[];
	
	    static createFrom(source: any = {}) {
	        return new DocStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = this.convertValues(source["name"], jobtype.Text);
	        this.presence = source["presence"];
	        this.when = source["when"];
	        this.required = source["required"];
	        this.present = source["present"];
	        this.source = source["source"];
	        this.order = source["order"];
	        this.signatures = this.convertValues(source["signatures"], SigStatus);
	        this.stamps = this.convertValues(source["stamps"], StampStatus);
	        this.ok = source["ok"];
	        this.problems = this.convertValues(source["problems"], Problem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JDecision {
	    auto: boolean;
	    confirmed?: boolean;
	    reason: string;
	    by: string;
	    // Go type: time
	    at: any;
	
	    static createFrom(source: any = {}) {
	        return new JDecision(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.auto = source["auto"];
	        this.confirmed = source["confirmed"];
	        this.reason = source["reason"];
	        this.by = source["by"];
	        this.at = this.convertValues(source["at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JState {
	    marked: boolean;
	    auto: boolean;
	    source: string;
	    stale: boolean;
	    reason?: string;
	
	    static createFrom(source: any = {}) {
	        return new JState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.marked = source["marked"];
	        this.auto = source["auto"];
	        this.source = source["source"];
	        this.stale = source["stale"];
	        this.reason = source["reason"];
	    }
	}
	
	
	export class Report {
	    // Go type: time
	    from: any;
	    // Go type: time
	    to: any;
	    total: Bucket;
	    by_month: Bucket[];
	    by_technician: Bucket[];
	    by_type: Bucket[];
	    labels: {[key: string]: fieldbook.Message};
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = this.convertValues(source["from"], null);
	        this.to = this.convertValues(source["to"], null);
	        this.total = this.convertValues(source["total"], Bucket);
	        this.by_month = this.convertValues(source["by_month"], Bucket);
	        this.by_technician = this.convertValues(source["by_technician"], Bucket);
	        this.by_type = this.convertValues(source["by_type"], Bucket);
	        this.labels = this.convertValues(source["labels"], fieldbook.Message, true);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Result {
	    complete: boolean;
	    problems: Problem[];
	    notes: Problem[];
	    documents: DocStatus[];
	    j: boolean;
	    j_reasons: fieldbook.Message[];
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.complete = source["complete"];
	        this.problems = this.convertValues(source["problems"], Problem);
	        this.notes = this.convertValues(source["notes"], Problem);
	        this.documents = this.convertValues(source["documents"], DocStatus);
	        this.j = source["j"];
	        this.j_reasons = this.convertValues(source["j_reasons"], fieldbook.Message);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	

}

export namespace catalogue {
	
	export class LineError {
	    sheet: string;
	    line: number;
	    field: string;
	    message: string;
	    message_en: string;
	
	    static createFrom(source: any = {}) {
	        return new LineError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sheet = source["sheet"];
	        this.line = source["line"];
	        this.field = source["field"];
	        this.message = source["message"];
	        this.message_en = source["message_en"];
	    }
	}

}

export namespace desktop {
	
	export class Answered {
	    answer: fieldbook.Answer;
	    sent: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Answered(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.answer = this.convertValues(source["answer"], fieldbook.Answer);
	        this.sent = source["sent"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CatalogueImport {
	    imported: number;
	    errors: catalogue.LineError[];
	
	    static createFrom(source: any = {}) {
	        return new CatalogueImport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.imported = source["imported"];
	        this.errors = this.convertValues(source["errors"], catalogue.LineError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CentreSettingsView {
	    record: fieldbook.CentreSettings;
	    held: boolean;
	    editable: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CentreSettingsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.record = this.convertValues(source["record"], fieldbook.CentreSettings);
	        this.held = source["held"];
	        this.editable = source["editable"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Dispatched {
	    job: fieldbook.Job;
	    sent: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Dispatched(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job = this.convertValues(source["job"], fieldbook.Job);
	        this.sent = source["sent"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SafetyOverview {
	    snapshots: sqlite.Snapshot[];
	    check?: sqlite.Check;
	    log_dir: string;
	
	    static createFrom(source: any = {}) {
	        return new SafetyOverview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.snapshots = this.convertValues(source["snapshots"], sqlite.Snapshot);
	        this.check = this.convertValues(source["check"], sqlite.Check);
	        this.log_dir = source["log_dir"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncStatus {
	    connected: boolean;
	    hub_url: string;
	    user: protocol.UserInfo;
	    device_id: string;
	    online: boolean;
	    running: boolean;
	    progress: syncer.Progress;
	    // Go type: time
	    last_synced_at?: any;
	    pending: number;
	    open_issues: number;
	    last_error?: fieldbook.Payload;
	    last_report?: syncer.Report;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connected = source["connected"];
	        this.hub_url = source["hub_url"];
	        this.user = this.convertValues(source["user"], protocol.UserInfo);
	        this.device_id = source["device_id"];
	        this.online = source["online"];
	        this.running = source["running"];
	        this.progress = this.convertValues(source["progress"], syncer.Progress);
	        this.last_synced_at = this.convertValues(source["last_synced_at"], null);
	        this.pending = source["pending"];
	        this.open_issues = source["open_issues"];
	        this.last_error = this.convertValues(source["last_error"], fieldbook.Payload);
	        this.last_report = this.convertValues(source["last_report"], syncer.Report);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SystemInfo {
	    version: string;
	    data_dir: string;
	    db_path: string;
	    schema_version: number;
	    device_id: string;
	    startup_error?: fieldbook.Payload;
	
	    static createFrom(source: any = {}) {
	        return new SystemInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.data_dir = source["data_dir"];
	        this.db_path = source["db_path"];
	        this.schema_version = source["schema_version"];
	        this.device_id = source["device_id"];
	        this.startup_error = this.convertValues(source["startup_error"], fieldbook.Payload);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UnsyncedExport {
	    document: fieldbook.Document;
	    rows: number;
	    blobs: number;
	
	    static createFrom(source: any = {}) {
	        return new UnsyncedExport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.document = this.convertValues(source["document"], fieldbook.Document);
	        this.rows = source["rows"];
	        this.blobs = source["blobs"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace fieldbook {
	
	export class Answer {
	    id: string;
	    job_id: string;
	    kind: string;
	    technician: string;
	    // Go type: time
	    at: any;
	    // Go type: time
	    appointment?: any;
	    reason: string;
	    consent: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Answer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.job_id = source["job_id"];
	        this.kind = source["kind"];
	        this.technician = source["technician"];
	        this.at = this.convertValues(source["at"], null);
	        this.appointment = this.convertValues(source["appointment"], null);
	        this.reason = source["reason"];
	        this.consent = source["consent"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JobRow {
	    id: string;
	    number: string;
	    job_type: string;
	    status: string;
	    customer_id: string;
	    customer_name: string;
	    customer_company: string;
	    phone: string;
	    address: string;
	    asset_model: string;
	    asset_plate: string;
	    asset_serial: string;
	    summary: string;
	    assigned_to: string;
	    // Go type: time
	    appointment?: any;
	    // Go type: time
	    updated_at: any;
	    answer?: Answer;
	    nobody_home: number;
	
	    static createFrom(source: any = {}) {
	        return new JobRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.job_type = source["job_type"];
	        this.status = source["status"];
	        this.customer_id = source["customer_id"];
	        this.customer_name = source["customer_name"];
	        this.customer_company = source["customer_company"];
	        this.phone = source["phone"];
	        this.address = source["address"];
	        this.asset_model = source["asset_model"];
	        this.asset_plate = source["asset_plate"];
	        this.asset_serial = source["asset_serial"];
	        this.summary = source["summary"];
	        this.assigned_to = source["assigned_to"];
	        this.appointment = this.convertValues(source["appointment"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.answer = this.convertValues(source["answer"], Answer);
	        this.nobody_home = source["nobody_home"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Appointment {
	    job: JobRow;
	    // Go type: time
	    leave_at: any;
	
	    static createFrom(source: any = {}) {
	        return new Appointment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job = this.convertValues(source["job"], JobRow);
	        this.leave_at = this.convertValues(source["leave_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BoardCard {
	    job: JobRow;
	    stage: string;
	
	    static createFrom(source: any = {}) {
	        return new BoardCard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job = this.convertValues(source["job"], JobRow);
	        this.stage = source["stage"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BoardDay {
	    date: string;
	    booked: number;
	    over: boolean;
	    cards: BoardCard[];
	
	    static createFrom(source: any = {}) {
	        return new BoardDay(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.booked = source["booked"];
	        this.over = source["over"];
	        this.cards = this.convertValues(source["cards"], BoardCard);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BoardLine {
	    technician: string;
	    days: BoardDay[];
	
	    static createFrom(source: any = {}) {
	        return new BoardLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.technician = source["technician"];
	        this.days = this.convertValues(source["days"], BoardDay);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AppointmentBoard {
	    from: string;
	    days: string[];
	    capacity: number;
	    lines: BoardLine[];
	    more: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AppointmentBoard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.days = source["days"];
	        this.capacity = source["capacity"];
	        this.lines = this.convertValues(source["lines"], BoardLine);
	        this.more = source["more"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Asset {
	    id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    updated_by: string;
	    version: number;
	    deleted: boolean;
	    customer_id: string;
	    kind: string;
	    model: string;
	    serial: string;
	    plate: string;
	    purchase_date: string;
	    warranty_months: number;
	    equipment_class: string;
	
	    static createFrom(source: any = {}) {
	        return new Asset(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.updated_by = source["updated_by"];
	        this.version = source["version"];
	        this.deleted = source["deleted"];
	        this.customer_id = source["customer_id"];
	        this.kind = source["kind"];
	        this.model = source["model"];
	        this.serial = source["serial"];
	        this.plate = source["plate"];
	        this.purchase_date = source["purchase_date"];
	        this.warranty_months = source["warranty_months"];
	        this.equipment_class = source["equipment_class"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AssetSnapshot {
	    kind: string;
	    model: string;
	    serial: string;
	    plate: string;
	    purchase_date: string;
	    warranty: string;
	    equipment_class: string;
	
	    static createFrom(source: any = {}) {
	        return new AssetSnapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.model = source["model"];
	        this.serial = source["serial"];
	        this.plate = source["plate"];
	        this.purchase_date = source["purchase_date"];
	        this.warranty = source["warranty"];
	        this.equipment_class = source["equipment_class"];
	    }
	}
	export class AssetView {
	    id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    updated_by: string;
	    version: number;
	    deleted: boolean;
	    customer_id: string;
	    kind: string;
	    model: string;
	    serial: string;
	    plate: string;
	    purchase_date: string;
	    warranty_months: number;
	    equipment_class: string;
	    warranty: string;
	
	    static createFrom(source: any = {}) {
	        return new AssetView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.updated_by = source["updated_by"];
	        this.version = source["version"];
	        this.deleted = source["deleted"];
	        this.customer_id = source["customer_id"];
	        this.kind = source["kind"];
	        this.model = source["model"];
	        this.serial = source["serial"];
	        this.plate = source["plate"];
	        this.purchase_date = source["purchase_date"];
	        this.warranty_months = source["warranty_months"];
	        this.equipment_class = source["equipment_class"];
	        this.warranty = source["warranty"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Attachment {
	    id: string;
	    job_id: string;
	    checklist_id: string;
	    item_key: string;
	    name: string;
	    mime: string;
	    size: number;
	    sha256: string;
	    thumb_data_url: string;
	    // Go type: time
	    created_at: any;
	
	    static createFrom(source: any = {}) {
	        return new Attachment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.job_id = source["job_id"];
	        this.checklist_id = source["checklist_id"];
	        this.item_key = source["item_key"];
	        this.name = source["name"];
	        this.mime = source["mime"];
	        this.size = source["size"];
	        this.sha256 = source["sha256"];
	        this.thumb_data_url = source["thumb_data_url"];
	        this.created_at = this.convertValues(source["created_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AttachmentInput {
	    job_id: string;
	    checklist_id: string;
	    item_key: string;
	    name: string;
	    data_url: string;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job_id = source["job_id"];
	        this.checklist_id = source["checklist_id"];
	        this.item_key = source["item_key"];
	        this.name = source["name"];
	        this.data_url = source["data_url"];
	    }
	}
	
	
	
	export class CatalogueItem {
	    kind: string;
	    code: string;
	    name: string;
	    unit: string;
	    price_fen: number;
	    pinyin: string;
	    active: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CatalogueItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.unit = source["unit"];
	        this.price_fen = source["price_fen"];
	        this.pinyin = source["pinyin"];
	        this.active = source["active"];
	    }
	}
	export class CentreSettings {
	    company_name: string;
	    company_address: string;
	    company_phone: string;
	    logo_sha256: string;
	    registration_format: string;
	    terms: string;
	    labour_rate_fen: number;
	    time_zone: string;
	    appointments_per_day: number;
	
	    static createFrom(source: any = {}) {
	        return new CentreSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.company_name = source["company_name"];
	        this.company_address = source["company_address"];
	        this.company_phone = source["company_phone"];
	        this.logo_sha256 = source["logo_sha256"];
	        this.registration_format = source["registration_format"];
	        this.terms = source["terms"];
	        this.labour_rate_fen = source["labour_rate_fen"];
	        this.time_zone = source["time_zone"];
	        this.appointments_per_day = source["appointments_per_day"];
	    }
	}
	export class Company {
	    name: string;
	    address: string;
	    phone: string;
	
	    static createFrom(source: any = {}) {
	        return new Company(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.address = source["address"];
	        this.phone = source["phone"];
	    }
	}
	export class Complaint {
	    id: string;
	    job_id: string;
	    customer_id: string;
	    channel: string;
	    received_at: string;
	    received_by: string;
	    content: string;
	    kind: string;
	    analysis: string;
	    responsibility: string;
	    compensation: string;
	    compensation_fen: number;
	    resolution: string;
	    state: string;
	    closed_at: string;
	    closed_by: string;
	    job_number: string;
	    customer_name: string;
	    updated_at: string;
	
	    static createFrom(source: any = {}) {
	        return new Complaint(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.job_id = source["job_id"];
	        this.customer_id = source["customer_id"];
	        this.channel = source["channel"];
	        this.received_at = source["received_at"];
	        this.received_by = source["received_by"];
	        this.content = source["content"];
	        this.kind = source["kind"];
	        this.analysis = source["analysis"];
	        this.responsibility = source["responsibility"];
	        this.compensation = source["compensation"];
	        this.compensation_fen = source["compensation_fen"];
	        this.resolution = source["resolution"];
	        this.state = source["state"];
	        this.closed_at = source["closed_at"];
	        this.closed_by = source["closed_by"];
	        this.job_number = source["job_number"];
	        this.customer_name = source["customer_name"];
	        this.updated_at = source["updated_at"];
	    }
	}
	export class ComplaintPage {
	    rows: Complaint[];
	    total: number;
	    more: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], Complaint);
	        this.total = source["total"];
	        this.more = source["more"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Customer {
	    id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    updated_by: string;
	    version: number;
	    deleted: boolean;
	    name: string;
	    company: string;
	    phones: string[];
	    addresses: string[];
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Customer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.updated_by = source["updated_by"];
	        this.version = source["version"];
	        this.deleted = source["deleted"];
	        this.name = source["name"];
	        this.company = source["company"];
	        this.phones = source["phones"];
	        this.addresses = source["addresses"];
	        this.note = source["note"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CustomerDraft {
	    customer: Customer;
	    fields: string[];
	
	    static createFrom(source: any = {}) {
	        return new CustomerDraft(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.customer = this.convertValues(source["customer"], Customer);
	        this.fields = source["fields"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CustomerEdit {
	    customer: Customer;
	    base?: Customer;
	
	    static createFrom(source: any = {}) {
	        return new CustomerEdit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.customer = this.convertValues(source["customer"], Customer);
	        this.base = this.convertValues(source["base"], Customer);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SearchProgress {
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	}
	export class CustomerRow {
	    id: string;
	    name: string;
	    company: string;
	    phone: string;
	    address: string;
	    job_count: number;
	    // Go type: time
	    updated_at: any;
	
	    static createFrom(source: any = {}) {
	        return new CustomerRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.company = source["company"];
	        this.phone = source["phone"];
	        this.address = source["address"];
	        this.job_count = source["job_count"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CustomerPage {
	    total: number;
	    more: boolean;
	    offset: number;
	    rows: CustomerRow[];
	    indexing?: SearchProgress;
	
	    static createFrom(source: any = {}) {
	        return new CustomerPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.more = source["more"];
	        this.offset = source["offset"];
	        this.rows = this.convertValues(source["rows"], CustomerRow);
	        this.indexing = this.convertValues(source["indexing"], SearchProgress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class FieldError {
	    field: string;
	    message: string;
	    message_en: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.message = source["message"];
	        this.message_en = source["message_en"];
	    }
	}
	export class CustomerSave {
	    customer: Customer;
	    refused: FieldError[];
	    conflicts: string[];
	
	    static createFrom(source: any = {}) {
	        return new CustomerSave(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.customer = this.convertValues(source["customer"], Customer);
	        this.refused = this.convertValues(source["refused"], FieldError);
	        this.conflicts = source["conflicts"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CustomerSnapshot {
	    name: string;
	    company: string;
	    phone: string;
	    address: string;
	
	    static createFrom(source: any = {}) {
	        return new CustomerSnapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.company = source["company"];
	        this.phone = source["phone"];
	        this.address = source["address"];
	    }
	}
	export class CustomerView {
	    customer: Customer;
	    assets: AssetView[];
	    jobs: JobRow[];
	
	    static createFrom(source: any = {}) {
	        return new CustomerView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.customer = this.convertValues(source["customer"], Customer);
	        this.assets = this.convertValues(source["assets"], AssetView);
	        this.jobs = this.convertValues(source["jobs"], JobRow);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeskBoard {
	    undispatched: JobRow[];
	    today: JobRow[];
	    tomorrow: JobRow[];
	
	    static createFrom(source: any = {}) {
	        return new DeskBoard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.undispatched = this.convertValues(source["undispatched"], JobRow);
	        this.today = this.convertValues(source["today"], JobRow);
	        this.tomorrow = this.convertValues(source["tomorrow"], JobRow);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FollowUpStats {
	    solved: number;
	    on_time: number;
	    late: number;
	    open: number;
	    overdue: number;
	
	    static createFrom(source: any = {}) {
	        return new FollowUpStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.solved = source["solved"];
	        this.on_time = source["on_time"];
	        this.late = source["late"];
	        this.open = source["open"];
	        this.overdue = source["overdue"];
	    }
	}
	export class DeskMonth {
	    month: string;
	    followup: FollowUpStats;
	    appointments: number;
	    arrived: number;
	    on_time: number;
	    late: number;
	    reschedules: number;
	    hand_backs: number;
	    events_counted: boolean;
	    complaints: number;
	    complaints_by_kind: {[key: string]: number};
	    complaints_by_state: {[key: string]: number};
	
	    static createFrom(source: any = {}) {
	        return new DeskMonth(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.month = source["month"];
	        this.followup = this.convertValues(source["followup"], FollowUpStats);
	        this.appointments = source["appointments"];
	        this.arrived = source["arrived"];
	        this.on_time = source["on_time"];
	        this.late = source["late"];
	        this.reschedules = source["reschedules"];
	        this.hand_backs = source["hand_backs"];
	        this.events_counted = source["events_counted"];
	        this.complaints = source["complaints"];
	        this.complaints_by_kind = source["complaints_by_kind"];
	        this.complaints_by_state = source["complaints_by_state"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeskStats {
	    months: DeskMonth[];
	    total: DeskMonth;
	    zone: string;
	
	    static createFrom(source: any = {}) {
	        return new DeskStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.months = this.convertValues(source["months"], DeskMonth);
	        this.total = this.convertValues(source["total"], DeskMonth);
	        this.zone = source["zone"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Dispatch {
	    job_id: string;
	    assigned_to: string;
	    // Go type: time
	    appointment?: any;
	
	    static createFrom(source: any = {}) {
	        return new Dispatch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job_id = source["job_id"];
	        this.assigned_to = source["assigned_to"];
	        this.appointment = this.convertValues(source["appointment"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Document {
	    id: string;
	    job_id: string;
	    visit_id: string;
	    kind: string;
	    sha256: string;
	    size: number;
	    path: string;
	    // Go type: time
	    created_at: any;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.job_id = source["job_id"];
	        this.visit_id = source["visit_id"];
	        this.kind = source["kind"];
	        this.sha256 = source["sha256"];
	        this.size = source["size"];
	        this.path = source["path"];
	        this.created_at = this.convertValues(source["created_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Message {
	    message: string;
	    message_en: string;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.message = source["message"];
	        this.message_en = source["message_en"];
	    }
	}
	export class DocumentSlot {
	    key: string;
	    name: Message;
	    form: string;
	    presence: string;
	    when: string;
	    signatures: string[];
	    stamps: string[];
	    checklist_id: string;
	    status: string;
	    signed: boolean;
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new DocumentSlot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = this.convertValues(source["name"], Message);
	        this.form = source["form"];
	        this.presence = source["presence"];
	        this.when = source["when"];
	        this.signatures = source["signatures"];
	        this.stamps = source["stamps"];
	        this.checklist_id = source["checklist_id"];
	        this.status = source["status"];
	        this.signed = source["signed"];
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FieldChange {
	    field: string;
	    label: Message;
	    old: string;
	    new: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.label = this.convertValues(source["label"], Message);
	        this.old = source["old"];
	        this.new = source["new"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class FollowUp {
	    job_id: string;
	    number: string;
	    customer_name: string;
	    phone: string;
	    summary: string;
	    guidance: string;
	    outcome: string;
	    // Go type: time
	    guided_at?: any;
	    // Go type: time
	    due_at?: any;
	    // Go type: time
	    followed_up_at?: any;
	    result: string;
	    overdue: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FollowUp(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job_id = source["job_id"];
	        this.number = source["number"];
	        this.customer_name = source["customer_name"];
	        this.phone = source["phone"];
	        this.summary = source["summary"];
	        this.guidance = source["guidance"];
	        this.outcome = source["outcome"];
	        this.guided_at = this.convertValues(source["guided_at"], null);
	        this.due_at = this.convertValues(source["due_at"], null);
	        this.followed_up_at = this.convertValues(source["followed_up_at"], null);
	        this.result = source["result"];
	        this.overdue = source["overdue"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FollowUpPage {
	    rows: FollowUp[];
	    total: number;
	    more: boolean;
	    overdue: number;
	
	    static createFrom(source: any = {}) {
	        return new FollowUpPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], FollowUp);
	        this.total = source["total"];
	        this.more = source["more"];
	        this.overdue = source["overdue"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class HistoryItem {
	    job_id: string;
	    job_number: string;
	    // Go type: time
	    date: any;
	    status: string;
	    fault_symptoms: string;
	    result: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job_id = source["job_id"];
	        this.job_number = source["job_number"];
	        this.date = this.convertValues(source["date"], null);
	        this.status = source["status"];
	        this.fault_symptoms = source["fault_symptoms"];
	        this.result = source["result"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NewJob {
	    job_type: string;
	    customer_id: string;
	    asset_id: string;
	    assigned_to: string;
	    // Go type: time
	    appointment?: any;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new NewJob(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job_type = source["job_type"];
	        this.customer_id = source["customer_id"];
	        this.asset_id = source["asset_id"];
	        this.assigned_to = source["assigned_to"];
	        this.appointment = this.convertValues(source["appointment"], null);
	        this.summary = source["summary"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Intake {
	    customer?: Customer;
	    asset?: Asset;
	    job: NewJob;
	
	    static createFrom(source: any = {}) {
	        return new Intake(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.customer = this.convertValues(source["customer"], Customer);
	        this.asset = this.convertValues(source["asset"], Asset);
	        this.job = this.convertValues(source["job"], NewJob);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Job {
	    id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    updated_by: string;
	    version: number;
	    deleted: boolean;
	    number: string;
	    job_type: string;
	    customer_id: string;
	    asset_id: string;
	    assigned_to: string;
	    // Go type: time
	    appointment?: any;
	    status: string;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new Job(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.updated_by = source["updated_by"];
	        this.version = source["version"];
	        this.deleted = source["deleted"];
	        this.number = source["number"];
	        this.job_type = source["job_type"];
	        this.customer_id = source["customer_id"];
	        this.asset_id = source["asset_id"];
	        this.assigned_to = source["assigned_to"];
	        this.appointment = this.convertValues(source["appointment"], null);
	        this.status = source["status"];
	        this.summary = source["summary"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JobFilter {
	    query: string;
	    status: string;
	    job_type: string;
	    customer_id: string;
	    technician: string;
	    from: string;
	    to: string;
	    sort: string;
	
	    static createFrom(source: any = {}) {
	        return new JobFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.status = source["status"];
	        this.job_type = source["job_type"];
	        this.customer_id = source["customer_id"];
	        this.technician = source["technician"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.sort = source["sort"];
	    }
	}
	export class JobPage {
	    total: number;
	    more: boolean;
	    offset: number;
	    rows: JobRow[];
	    indexing?: SearchProgress;
	
	    static createFrom(source: any = {}) {
	        return new JobPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.more = source["more"];
	        this.offset = source["offset"];
	        this.rows = this.convertValues(source["rows"], JobRow);
	        this.indexing = this.convertValues(source["indexing"], SearchProgress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class JobType {
	    key: string;
	    name: Message;
	    required_fields: string[];
	    signature_roles: string[];
	
	    static createFrom(source: any = {}) {
	        return new JobType(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = this.convertValues(source["name"], Message);
	        this.required_fields = source["required_fields"];
	        this.signature_roles = source["signature_roles"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VisitSummary {
	    id: string;
	    revision: number;
	    supersedes: string;
	    status: string;
	    signed: boolean;
	    total_fen: number;
	    // Go type: time
	    updated_at: any;
	    amend_reason: string;
	    changes: FieldChange[];
	
	    static createFrom(source: any = {}) {
	        return new VisitSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.revision = source["revision"];
	        this.supersedes = source["supersedes"];
	        this.status = source["status"];
	        this.signed = source["signed"];
	        this.total_fen = source["total_fen"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.amend_reason = source["amend_reason"];
	        this.changes = this.convertValues(source["changes"], FieldChange);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JobView {
	    job: Job;
	    customer: Customer;
	    asset?: Asset;
	    warranty: string;
	    visits: VisitSummary[];
	    history: HistoryItem[];
	    documents: Document[];
	    job_type_name: Message;
	    document_set: DocumentSlot[];
	
	    static createFrom(source: any = {}) {
	        return new JobView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job = this.convertValues(source["job"], Job);
	        this.customer = this.convertValues(source["customer"], Customer);
	        this.asset = this.convertValues(source["asset"], Asset);
	        this.warranty = source["warranty"];
	        this.visits = this.convertValues(source["visits"], VisitSummary);
	        this.history = this.convertValues(source["history"], HistoryItem);
	        this.documents = this.convertValues(source["documents"], Document);
	        this.job_type_name = this.convertValues(source["job_type_name"], Message);
	        this.document_set = this.convertValues(source["document_set"], DocumentSlot);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LabourLine {
	    description: string;
	    minutes: number;
	    rate_fen: number;
	
	    static createFrom(source: any = {}) {
	        return new LabourLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.description = source["description"];
	        this.minutes = source["minutes"];
	        this.rate_fen = source["rate_fen"];
	    }
	}
	
	
	export class PartLine {
	    catalogue_no: string;
	    name: string;
	    qty: number;
	    unit_price_fen: number;
	
	    static createFrom(source: any = {}) {
	        return new PartLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.catalogue_no = source["catalogue_no"];
	        this.name = source["name"];
	        this.qty = source["qty"];
	        this.unit_price_fen = source["unit_price_fen"];
	    }
	}
	export class Payload {
	    code: string;
	    message: string;
	    message_en: string;
	    fields?: FieldError[];
	
	    static createFrom(source: any = {}) {
	        return new Payload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	        this.message_en = source["message_en"];
	        this.fields = this.convertValues(source["fields"], FieldError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Point {
	    x: number;
	    y: number;
	    t: number;
	
	    static createFrom(source: any = {}) {
	        return new Point(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.x = source["x"];
	        this.y = source["y"];
	        this.t = source["t"];
	    }
	}
	export class Reminder {
	    job: JobRow;
	    day: string;
	    reminded: boolean;
	    // Go type: time
	    reminded_at?: any;
	
	    static createFrom(source: any = {}) {
	        return new Reminder(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job = this.convertValues(source["job"], JobRow);
	        this.day = source["day"];
	        this.reminded = source["reminded"];
	        this.reminded_at = this.convertValues(source["reminded_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Visit {
	    id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    updated_by: string;
	    version: number;
	    deleted: boolean;
	    job_id: string;
	    revision: number;
	    supersedes: string;
	    status: string;
	    registration_no: string;
	    customer: CustomerSnapshot;
	    asset: AssetSnapshot;
	    fault_symptoms: string;
	    customer_requirement: string;
	    repair_history: string;
	    diagnosis: string;
	    work_performed: string;
	    result: string;
	    parts: PartLine[];
	    labour: LabourLine[];
	    payment_method: string;
	    old_parts: string;
	    // Go type: time
	    appointment_at?: any;
	    // Go type: time
	    arrived_at?: any;
	    // Go type: time
	    departed_at?: any;
	    follow_up: string;
	    // Go type: time
	    follow_up_at?: any;
	    satisfaction: number;
	    customer_comments: string;
	    amend_reason?: string;
	
	    static createFrom(source: any = {}) {
	        return new Visit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.updated_by = source["updated_by"];
	        this.version = source["version"];
	        this.deleted = source["deleted"];
	        this.job_id = source["job_id"];
	        this.revision = source["revision"];
	        this.supersedes = source["supersedes"];
	        this.status = source["status"];
	        this.registration_no = source["registration_no"];
	        this.customer = this.convertValues(source["customer"], CustomerSnapshot);
	        this.asset = this.convertValues(source["asset"], AssetSnapshot);
	        this.fault_symptoms = source["fault_symptoms"];
	        this.customer_requirement = source["customer_requirement"];
	        this.repair_history = source["repair_history"];
	        this.diagnosis = source["diagnosis"];
	        this.work_performed = source["work_performed"];
	        this.result = source["result"];
	        this.parts = this.convertValues(source["parts"], PartLine);
	        this.labour = this.convertValues(source["labour"], LabourLine);
	        this.payment_method = source["payment_method"];
	        this.old_parts = source["old_parts"];
	        this.appointment_at = this.convertValues(source["appointment_at"], null);
	        this.arrived_at = this.convertValues(source["arrived_at"], null);
	        this.departed_at = this.convertValues(source["departed_at"], null);
	        this.follow_up = source["follow_up"];
	        this.follow_up_at = this.convertValues(source["follow_up_at"], null);
	        this.satisfaction = source["satisfaction"];
	        this.customer_comments = source["customer_comments"];
	        this.amend_reason = source["amend_reason"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Totals {
	    parts_fen: number;
	    labour_fen: number;
	    total_fen: number;
	
	    static createFrom(source: any = {}) {
	        return new Totals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.parts_fen = source["parts_fen"];
	        this.labour_fen = source["labour_fen"];
	        this.total_fen = source["total_fen"];
	    }
	}
	export class SaveResult {
	    version: number;
	    // Go type: time
	    updated_at: any;
	    totals: Totals;
	    issues: FieldError[];
	    refused: FieldError[];
	    conflicts: string[];
	    visit?: Visit;
	
	    static createFrom(source: any = {}) {
	        return new SaveResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.totals = this.convertValues(source["totals"], Totals);
	        this.issues = this.convertValues(source["issues"], FieldError);
	        this.refused = this.convertValues(source["refused"], FieldError);
	        this.conflicts = source["conflicts"];
	        this.visit = this.convertValues(source["visit"], Visit);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Technician {
	    name: string;
	    phone: string;
	    employee_no: string;
	
	    static createFrom(source: any = {}) {
	        return new Technician(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.employee_no = source["employee_no"];
	    }
	}
	export class Settings {
	    language: string;
	    technician: Technician;
	    company: Company;
	    time_zone: string;
	    setup: string;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.technician = this.convertValues(source["technician"], Technician);
	        this.company = this.convertValues(source["company"], Company);
	        this.time_zone = source["time_zone"];
	        this.setup = source["setup"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SignatureCheck {
	    signature_id: string;
	    role: string;
	    kind: string;
	    stored: string;
	    computed: string;
	    ok: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SignatureCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.signature_id = source["signature_id"];
	        this.role = source["role"];
	        this.kind = source["kind"];
	        this.stored = source["stored"];
	        this.computed = source["computed"];
	        this.ok = source["ok"];
	    }
	}
	export class Stroke {
	    points: Point[];
	
	    static createFrom(source: any = {}) {
	        return new Stroke(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.points = this.convertValues(source["points"], Point);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SignatureInput {
	    visit_id: string;
	    checklist_id: string;
	    role: string;
	    kind: string;
	    signer_name: string;
	    reason: string;
	    strokes: Stroke[];
	    image_data_url: string;
	
	    static createFrom(source: any = {}) {
	        return new SignatureInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.visit_id = source["visit_id"];
	        this.checklist_id = source["checklist_id"];
	        this.role = source["role"];
	        this.kind = source["kind"];
	        this.signer_name = source["signer_name"];
	        this.reason = source["reason"];
	        this.strokes = this.convertValues(source["strokes"], Stroke);
	        this.image_data_url = source["image_data_url"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SignatureView {
	    id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    updated_by: string;
	    version: number;
	    deleted: boolean;
	    visit_id: string;
	    role: string;
	    kind: string;
	    signer_name: string;
	    reason: string;
	    strokes: Stroke[];
	    image_sha256: string;
	    content_hash: string;
	    // Go type: time
	    signed_at: any;
	    image_data_url: string;
	
	    static createFrom(source: any = {}) {
	        return new SignatureView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.updated_by = source["updated_by"];
	        this.version = source["version"];
	        this.deleted = source["deleted"];
	        this.visit_id = source["visit_id"];
	        this.role = source["role"];
	        this.kind = source["kind"];
	        this.signer_name = source["signer_name"];
	        this.reason = source["reason"];
	        this.strokes = this.convertValues(source["strokes"], Stroke);
	        this.image_sha256 = source["image_sha256"];
	        this.content_hash = source["content_hash"];
	        this.signed_at = this.convertValues(source["signed_at"], null);
	        this.image_data_url = source["image_data_url"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SimilarCustomer {
	    id: string;
	    name: string;
	    company: string;
	    phone: string;
	    address: string;
	    job_count: number;
	    // Go type: time
	    updated_at: any;
	    why: string;
	
	    static createFrom(source: any = {}) {
	        return new SimilarCustomer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.company = source["company"];
	        this.phone = source["phone"];
	        this.address = source["address"];
	        this.job_count = source["job_count"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.why = source["why"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class Verification {
	    visit_id: string;
	    ok: boolean;
	    computed: string;
	    signatures: SignatureCheck[];
	
	    static createFrom(source: any = {}) {
	        return new Verification(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.visit_id = source["visit_id"];
	        this.ok = source["ok"];
	        this.computed = source["computed"];
	        this.signatures = this.convertValues(source["signatures"], SignatureCheck);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class VisitEdit {
	    visit: Visit;
	    base?: Visit;
	
	    static createFrom(source: any = {}) {
	        return new VisitEdit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.visit = this.convertValues(source["visit"], Visit);
	        this.base = this.convertValues(source["base"], Visit);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class VisitView {
	    visit: Visit;
	    job: Job;
	    totals: Totals;
	    signatures: SignatureView[];
	    locked: boolean;
	    latest: boolean;
	    content_hash: string;
	    issues: FieldError[];
	    signature_roles: string[];
	    revisions: VisitSummary[];
	    history: HistoryItem[];
	    warranty: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.visit = this.convertValues(source["visit"], Visit);
	        this.job = this.convertValues(source["job"], Job);
	        this.totals = this.convertValues(source["totals"], Totals);
	        this.signatures = this.convertValues(source["signatures"], SignatureView);
	        this.locked = source["locked"];
	        this.latest = source["latest"];
	        this.content_hash = source["content_hash"];
	        this.issues = this.convertValues(source["issues"], FieldError);
	        this.signature_roles = source["signature_roles"];
	        this.revisions = this.convertValues(source["revisions"], VisitSummary);
	        this.history = this.convertValues(source["history"], HistoryItem);
	        this.warranty = source["warranty"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace jobtype {
	
	export class Answer {
	    result?: string;
	    number?: number;
	    text?: string;
	    note?: string;
	    photo_sha256?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Answer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.result = source["result"];
	        this.number = source["number"];
	        this.text = source["text"];
	        this.note = source["note"];
	        this.photo_sha256 = source["photo_sha256"];
	    }
	}
	export class Text {
	    zh: string;
	    en?: string;
	
	    static createFrom(source: any = {}) {
	        return new Text(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.zh = source["zh"];
	        this.en = source["en"];
	    }
	}
	export class DocumentType {
	    key: string;
	    name: Text;
	    form: string;
	    template?: string;
	    presence: string;
	    when?: string;
	    signatures?: string[];
	    stamps?: string[];
	
	    static createFrom(source: any = {}) {
	        return new DocumentType(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = this.convertValues(source["name"], Text);
	        this.form = source["form"];
	        this.template = source["template"];
	        this.presence = source["presence"];
	        this.when = source["when"];
	        this.signatures = source["signatures"];
	        this.stamps = source["stamps"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Option {
	    value: string;
	    label: Text;
	
	    static createFrom(source: any = {}) {
	        return new Option(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.label = this.convertValues(source["label"], Text);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Field {
	    key: string;
	    name: Text;
	    kind: string;
	    required?: boolean;
	    options?: Option[];
	
	    static createFrom(source: any = {}) {
	        return new Field(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = this.convertValues(source["name"], Text);
	        this.kind = source["kind"];
	        this.required = source["required"];
	        this.options = this.convertValues(source["options"], Option);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Item {
	    key: string;
	    label: Text;
	    kind: string;
	    unit?: string;
	    min?: number;
	    max?: number;
	    photo_on_fail?: boolean;
	    hint: Text;
	
	    static createFrom(source: any = {}) {
	        return new Item(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = this.convertValues(source["label"], Text);
	        this.kind = source["kind"];
	        this.unit = source["unit"];
	        this.min = source["min"];
	        this.max = source["max"];
	        this.photo_on_fail = source["photo_on_fail"];
	        this.hint = this.convertValues(source["hint"], Text);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Group {
	    name: Text;
	    header?: boolean;
	    items: Item[];
	
	    static createFrom(source: any = {}) {
	        return new Group(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = this.convertValues(source["name"], Text);
	        this.header = source["header"];
	        this.items = this.convertValues(source["items"], Item);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class JobType {
	    key: string;
	    name: Text;
	    fields?: Field[];
	    required_fields?: string[];
	    documents: DocumentType[];
	
	    static createFrom(source: any = {}) {
	        return new JobType(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = this.convertValues(source["name"], Text);
	        this.fields = this.convertValues(source["fields"], Field);
	        this.required_fields = source["required_fields"];
	        this.documents = this.convertValues(source["documents"], DocumentType);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Problem {
	    free?: boolean;
	    item_key: string;
	    group: Text;
	    label: Text;
	    note: string;
	    value?: number;
	    unit?: string;
	    photo_sha256?: string[];
	    summary: fieldbook.Message;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.free = source["free"];
	        this.item_key = source["item_key"];
	        this.group = this.convertValues(source["group"], Text);
	        this.label = this.convertValues(source["label"], Text);
	        this.note = source["note"];
	        this.value = source["value"];
	        this.unit = source["unit"];
	        this.photo_sha256 = source["photo_sha256"];
	        this.summary = this.convertValues(source["summary"], fieldbook.Message);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Template {
	    key: string;
	    version: number;
	    name: Text;
	    groups: Group[];
	
	    static createFrom(source: any = {}) {
	        return new Template(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.version = source["version"];
	        this.name = this.convertValues(source["name"], Text);
	        this.groups = this.convertValues(source["groups"], Group);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace protocol {
	
	export class UserInfo {
	    name: string;
	    role: string;
	    centre: string;
	    display_name?: string;
	    employee_no?: string;
	
	    static createFrom(source: any = {}) {
	        return new UserInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.role = source["role"];
	        this.centre = source["centre"];
	        this.display_name = source["display_name"];
	        this.employee_no = source["employee_no"];
	    }
	}

}

export namespace sqlite {
	
	export class JobEvent {
	    id: string;
	    action: string;
	    detail: number[];
	    actor: string;
	    // Go type: time
	    at: any;
	
	    static createFrom(source: any = {}) {
	        return new JobEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.action = source["action"];
	        this.detail = source["detail"];
	        this.actor = source["actor"];
	        this.at = this.convertValues(source["at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ArchiveState {
	    check: archive.Result;
	    blocking: archive.Problem[];
	    fileable: boolean;
	    j: archive.JState;
	    decision?: archive.JDecision;
	    doc_checks: {[key: string]: archive.DocCheck};
	    status: string;
	    archive_no: string;
	    location: string;
	    return_reason: string;
	    // Go type: time
	    submitted_at?: any;
	    // Go type: time
	    filed_at?: any;
	    filed_by: string;
	    events: JobEvent[];
	
	    static createFrom(source: any = {}) {
	        return new ArchiveState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.check = this.convertValues(source["check"], archive.Result);
	        this.blocking = this.convertValues(source["blocking"], archive.Problem);
	        this.fileable = source["fileable"];
	        this.j = this.convertValues(source["j"], archive.JState);
	        this.decision = this.convertValues(source["decision"], archive.JDecision);
	        this.doc_checks = this.convertValues(source["doc_checks"], archive.DocCheck, true);
	        this.status = source["status"];
	        this.archive_no = source["archive_no"];
	        this.location = source["location"];
	        this.return_reason = source["return_reason"];
	        this.submitted_at = this.convertValues(source["submitted_at"], null);
	        this.filed_at = this.convertValues(source["filed_at"], null);
	        this.filed_by = source["filed_by"];
	        this.events = this.convertValues(source["events"], JobEvent);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CatalogueRow {
	    id: string;
	    kind: string;
	    code: string;
	    name: string;
	    unit: string;
	    price_fen: number;
	    pinyin: string;
	    active: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CatalogueRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.unit = source["unit"];
	        this.price_fen = source["price_fen"];
	        this.pinyin = source["pinyin"];
	        this.active = source["active"];
	    }
	}
	export class CataloguePage {
	    rows: CatalogueRow[];
	    total: number;
	    more: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CataloguePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], CatalogueRow);
	        this.total = source["total"];
	        this.more = source["more"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class CentreSettingsSaved {
	    record: fieldbook.CentreSettings;
	    refused: fieldbook.FieldError[];
	    conflicts: string[];
	
	    static createFrom(source: any = {}) {
	        return new CentreSettingsSaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.record = this.convertValues(source["record"], fieldbook.CentreSettings);
	        this.refused = this.convertValues(source["refused"], fieldbook.FieldError);
	        this.conflicts = source["conflicts"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Check {
	    // Go type: time
	    at: any;
	    millis: number;
	    ok: boolean;
	    problems: string[];
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new Check(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = this.convertValues(source["at"], null);
	        this.millis = source["millis"];
	        this.ok = source["ok"];
	        this.problems = source["problems"];
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Checklist {
	    id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    updated_by: string;
	    version: number;
	    deleted: boolean;
	    job_id: string;
	    document_key: string;
	    template_key: string;
	    template_version: number;
	    answers: {[key: string]: jobtype.Answer};
	    status: string;
	    signed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Checklist(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.updated_by = source["updated_by"];
	        this.version = source["version"];
	        this.deleted = source["deleted"];
	        this.job_id = source["job_id"];
	        this.document_key = source["document_key"];
	        this.template_key = source["template_key"];
	        this.template_version = source["template_version"];
	        this.answers = this.convertValues(source["answers"], jobtype.Answer, true);
	        this.status = source["status"];
	        this.signed = source["signed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChecklistSave {
	    version: number;
	    done: number;
	    total: number;
	    issues: fieldbook.FieldError[];
	    problems: jobtype.Problem[];
	    refused: fieldbook.FieldError[];
	
	    static createFrom(source: any = {}) {
	        return new ChecklistSave(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.issues = this.convertValues(source["issues"], fieldbook.FieldError);
	        this.problems = this.convertValues(source["problems"], jobtype.Problem);
	        this.refused = this.convertValues(source["refused"], fieldbook.FieldError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChecklistView {
	    checklist: Checklist;
	    job: fieldbook.Job;
	    document: jobtype.DocumentType;
	    template: jobtype.Template;
	    done: number;
	    total: number;
	    issues: fieldbook.FieldError[];
	    problems: jobtype.Problem[];
	    signatures: fieldbook.SignatureView[];
	    attachments: fieldbook.Attachment[];
	    locked: boolean;
	    content_hash: string;
	
	    static createFrom(source: any = {}) {
	        return new ChecklistView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.checklist = this.convertValues(source["checklist"], Checklist);
	        this.job = this.convertValues(source["job"], fieldbook.Job);
	        this.document = this.convertValues(source["document"], jobtype.DocumentType);
	        this.template = this.convertValues(source["template"], jobtype.Template);
	        this.done = source["done"];
	        this.total = source["total"];
	        this.issues = this.convertValues(source["issues"], fieldbook.FieldError);
	        this.problems = this.convertValues(source["problems"], jobtype.Problem);
	        this.signatures = this.convertValues(source["signatures"], fieldbook.SignatureView);
	        this.attachments = this.convertValues(source["attachments"], fieldbook.Attachment);
	        this.locked = source["locked"];
	        this.content_hash = source["content_hash"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ComplaintFilter {
	    state: string;
	    kind: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.kind = source["kind"];
	    }
	}
	export class ImportReport {
	    rows: number;
	    same: number;
	    skipped: string[];
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = source["rows"];
	        this.same = source["same"];
	        this.skipped = source["skipped"];
	    }
	}
	export class ImportResult {
	    job_types: number;
	    templates: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.job_types = source["job_types"];
	        this.templates = source["templates"];
	    }
	}
	export class InboxFilter {
	    from: string;
	    to: string;
	    technician: string;
	    customer: string;
	    job_type: string;
	    status: string;
	    j: string;
	    complete: string;
	    query: string;
	
	    static createFrom(source: any = {}) {
	        return new InboxFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.technician = source["technician"];
	        this.customer = source["customer"];
	        this.job_type = source["job_type"];
	        this.status = source["status"];
	        this.j = source["j"];
	        this.complete = source["complete"];
	        this.query = source["query"];
	    }
	}
	export class InboxRow {
	    id: string;
	    number: string;
	    job_type: string;
	    job_type_name: fieldbook.Message;
	    status: string;
	    technician: string;
	    customer_name: string;
	    customer_company: string;
	    // Go type: time
	    submitted_at?: any;
	    archive_no: string;
	    complete: boolean;
	    j_marked: boolean;
	    problems: number;
	
	    static createFrom(source: any = {}) {
	        return new InboxRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.job_type = source["job_type"];
	        this.job_type_name = this.convertValues(source["job_type_name"], fieldbook.Message);
	        this.status = source["status"];
	        this.technician = source["technician"];
	        this.customer_name = source["customer_name"];
	        this.customer_company = source["customer_company"];
	        this.submitted_at = this.convertValues(source["submitted_at"], null);
	        this.archive_no = source["archive_no"];
	        this.complete = source["complete"];
	        this.j_marked = source["j_marked"];
	        this.problems = source["problems"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InboxPage {
	    total: number;
	    more: boolean;
	    offset: number;
	    rows: InboxRow[];
	
	    static createFrom(source: any = {}) {
	        return new InboxPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.more = source["more"];
	        this.offset = source["offset"];
	        this.rows = this.convertValues(source["rows"], InboxRow);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class SettingsSaved {
	    record: fieldbook.Settings;
	    stored: fieldbook.Settings;
	    refused: fieldbook.FieldError[];
	
	    static createFrom(source: any = {}) {
	        return new SettingsSaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.record = this.convertValues(source["record"], fieldbook.Settings);
	        this.stored = this.convertValues(source["stored"], fieldbook.Settings);
	        this.refused = this.convertValues(source["refused"], fieldbook.FieldError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Snapshot {
	    name: string;
	    reason: string;
	    // Go type: time
	    at: any;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new Snapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.reason = source["reason"];
	        this.at = this.convertValues(source["at"], null);
	        this.bytes = source["bytes"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncIssue {
	    id: number;
	    kind: string;
	    table: string;
	    row_id: string;
	    field: string;
	    yours: any;
	    theirs: any;
	    code: string;
	    message: string;
	    message_en: string;
	    created_at: string;
	    resolved_at: string;
	    resolution: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncIssue(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.table = source["table"];
	        this.row_id = source["row_id"];
	        this.field = source["field"];
	        this.yours = source["yours"];
	        this.theirs = source["theirs"];
	        this.code = source["code"];
	        this.message = source["message"];
	        this.message_en = source["message_en"];
	        this.created_at = source["created_at"];
	        this.resolved_at = source["resolved_at"];
	        this.resolution = source["resolution"];
	    }
	}

}

export namespace syncer {
	
	export class Progress {
	    phase: string;
	    done: number;
	    total: number;
	    remaining_seconds: number;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phase = source["phase"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.remaining_seconds = source["remaining_seconds"];
	    }
	}
	export class Report {
	    pushed: number;
	    conflicts: number;
	    rejected: number;
	    pulled: number;
	    cursor: number;
	    hub_restored: boolean;
	    requeued: number;
	    waiting: number;
	    // Go type: time
	    at: any;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pushed = source["pushed"];
	        this.conflicts = source["conflicts"];
	        this.rejected = source["rejected"];
	        this.pulled = source["pulled"];
	        this.cursor = source["cursor"];
	        this.hub_restored = source["hub_restored"];
	        this.requeued = source["requeued"];
	        this.waiting = source["waiting"];
	        this.at = this.convertValues(source["at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

