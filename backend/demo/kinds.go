package demo

import "fieldbook/backend/fieldbook"

// Job type keys.
const (
	ITOnsite        = "it_onsite"
	EquipmentRepair = "equipment_repair"
	VehicleService  = "vehicle_service"
	ApplianceRepair = "appliance_repair"
	SiteAcceptance  = "site_acceptance"
)

// JobTypes are the job type keys the generator uses, in the order of kinds.
var JobTypes = []string{ITOnsite, EquipmentRepair, VehicleService, ApplianceRepair, SiteAcceptance}

// model is a make and model of asset. serial is a pattern: '#' a digit,
// '@' a letter other than I and O, '*' either; anything else is literal.
// For vehicles serial is the WMI (first three VIN characters).
type model struct {
	cat    int    // category; scenarios of the same category (or -1) apply
	name   string // Asset.Model
	short  string // in Job.Summary
	serial string
	code   string // vendor code prefixed to brand-specific part numbers
	class  string // equipment class A/B/C
	green  bool   // new-energy vehicle: green plate
}

// part is a catalogue item. A number starting with '-' gets the model's
// vendor code in front (HP-RM1-8808); qty is the usual quantity.
type part struct {
	no   string
	name string
	fen  int64
	qty  int64
}

// scenario is one coherent fault and its repair.
type scenario struct {
	cat       int // -1: any model of the kind; without models 0 a person's, 1 a company's
	short     string
	symptom   string
	diagnosis string
	work      string
	result    string
	labour    string
	parts     []part
}

// kind is everything the generator knows about one job type.
type kind struct {
	key          string
	assetKind    string // "" when the job has no asset
	models       []model
	scenarios    []scenario
	requirements []string
	rates        []int64 // labour rate per hour, fen
	techs        []int   // indexes into technicians
	warranty     []int   // months
	companyPct   int     // share of company customers, %
	weight       int     // share of jobs, %
	byCat        [][]int // scenario indexes per model category, filled by init
}

var kinds = []kind{
	{
		key: ITOnsite, assetKind: fieldbook.AssetProduct, companyPct: 65, weight: 28,
		rates:    []int64{12000, 15000, 18000},
		techs:    []int{0, 4, 6, 9, 10},
		warranty: []int{12, 24, 36},
		requirements: []string{
			"尽快上门处理，不影响明天上班", "先检测并告知费用，同意后再维修", "需开具增值税专用发票",
			"下午2点后上门", "数据不能丢失", "上门前先电话联系", "当天修好",
		},
		models: []model{
			{cat: 0, name: "惠普 LaserJet Pro M404dn", short: "惠普 M404dn", serial: "CNB*######", code: "HP"},
			{cat: 0, name: "惠普 LaserJet Pro MFP M227fdw", short: "惠普 M227fdw", serial: "CNB*######", code: "HP"},
			{cat: 0, name: "佳能 imageCLASS MF643Cdw", short: "佳能 MF643Cdw", serial: "@@@#####", code: "CN"},
			{cat: 0, name: "兄弟 HL-L2595DW", short: "兄弟 HL-L2595DW", serial: "E7*######", code: "BR"},
			{cat: 0, name: "爱普生 L3258 墨仓式打印机", short: "爱普生 L3258", serial: "X#@@######", code: "EP"},
			{cat: 0, name: "理光 MP 2555SP 数码复合机", short: "理光 MP 2555SP", serial: "C###@######", code: "RC"},
			{cat: 1, name: "联想 ThinkPad X1 Carbon Gen 9", short: "ThinkPad X1 Carbon", serial: "PF******", code: "LN"},
			{cat: 1, name: "联想 ThinkCentre M720t", short: "联想 M720t", serial: "PC1*****", code: "LN"},
			{cat: 1, name: "戴尔 Latitude 5420", short: "戴尔 Latitude 5420", serial: "CN0*#**", code: "DL"},
			{cat: 1, name: "戴尔 OptiPlex 7090", short: "戴尔 OptiPlex 7090", serial: "#**#**#", code: "DL"},
			{cat: 1, name: "惠普 EliteBook 840 G8", short: "惠普 840 G8", serial: "5CG###*#**", code: "HP"},
			{cat: 1, name: "华为 MateBook 14 2023", short: "华为 MateBook 14", serial: "*#***########", code: "HW"},
			{cat: 2, name: "戴尔 PowerEdge R740", short: "戴尔 R740", serial: "*******", code: "DL"},
			{cat: 2, name: "华为 FusionServer 2288H V5", short: "华为 2288H V5", serial: "2102*#***#######", code: "HW"},
			{cat: 2, name: "浪潮 NF5280M6", short: "浪潮 NF5280M6", serial: "21@#######", code: "IS"},
			{cat: 2, name: "联想 ThinkSystem SR650", short: "联想 SR650", serial: "J30*****", code: "LN"},
			{cat: 3, name: "华为 S5735-L24T4S-A 交换机", short: "华为 S5735", serial: "2102*#***#######", code: "HW"},
			{cat: 3, name: "H3C MSR3610 路由器", short: "H3C MSR3610", serial: "210235A#***######", code: "H3C"},
			{cat: 3, name: "TP-LINK TL-ER3220G 企业路由器", short: "TP-LINK ER3220G", serial: "2#############", code: "TP"},
			{cat: 3, name: "锐捷 RG-S2928G-E V3 交换机", short: "锐捷 RG-S2928G", serial: "G1@*#*######", code: "RJ"},
		},
		scenarios: []scenario{
			{0, "打印机卡纸", "打印机频繁卡纸且打印有横纹", "搓纸轮老化打滑，定影组件加热膜磨损导致横纹",
				"拆机清洁纸路，更换搓纸轮及定影组件，校准打印浓度", "连续打印50页无卡纸，打印质量恢复正常", "打印机拆装维修",
				[]part{{"-RM2-5399", "搓纸轮组件", 12000, 1}, {"-RM1-8808", "定影组件", 68000, 1}}},
			{0, "打印发白", "打印字迹浅淡发白，部分区域空白", "硒鼓碳粉耗尽，感光鼓表面有划痕",
				"更换原装硒鼓，清洁激光器窗口和转印辊", "打印清晰，测试页正常", "打印机检修",
				[]part{{"-CF276A", "原装硒鼓", 79900, 1}}},
			{0, "打印机脱机", "打印机无法网络打印，电脑提示脱机", "打印机IP地址与路由器DHCP分配冲突",
				"为打印机设置固定IP 192.168.1.200，重新安装驱动并添加网络打印机", "办公室8台电脑均可正常打印", "网络打印配置", nil},
			{0, "打印机报错", "开机报错“49 Error”，无法打印", "重刷固件后仍不稳定，判断格式化板故障",
				"更换格式化板并升级固件至最新版本", "开机自检通过，打印正常", "打印机拆装维修",
				[]part{{"-CF149-60001", "格式化板", 95000, 1}}},
			{1, "开机无显示", "开机无显示，电源指示灯闪烁", "内存条金手指氧化接触不良，其中一条内存损坏",
				"拆机清洁内存金手指并重新插拔，更换损坏的8GB内存条", "开机自检正常，进入系统运行稳定", "电脑拆机检修",
				[]part{{"-DDR4-8G", "DDR4 3200 8GB内存条", 26000, 1}}},
			{1, "电脑卡顿蓝屏", "电脑开机慢，运行卡顿，偶尔蓝屏", "机械硬盘存在坏道，SMART检测报警",
				"更换512GB固态硬盘，迁移系统和用户数据", "开机时间由2分钟缩短至15秒，数据完整", "硬盘更换及数据迁移",
				[]part{{"-SSD-512G", "NVMe 512GB固态硬盘", 39900, 1}}},
			{1, "键盘失灵", "笔记本键盘部分按键失灵，此前有进水", "键盘进液短路，主板未受影响",
				"更换键盘总成，清洁机身内部", "全部按键测试正常", "电脑拆机检修",
				[]part{{"-KB-CN", "键盘总成（中文）", 58000, 1}}},
			{1, "勒索病毒", "电脑弹出勒索提示，文件后缀被修改", "感染勒索病毒，部分共享文件被加密",
				"断网隔离，查杀病毒，从备份恢复文件，安装终端防护软件并修补系统漏洞", "系统恢复正常，已恢复备份文件，建议定期离线备份", "系统恢复与数据处理", nil},
			{2, "服务器硬盘告警", "服务器前面板硬盘指示灯橙色闪烁，管理口告警", "RAID5阵列中2号盘故障，阵列处于降级状态",
				"热插拔更换故障硬盘，监控阵列重建完成", "阵列状态Optimal，业务未中断", "服务器硬件更换",
				[]part{{"-HDD-1.2T-10K", "1.2TB 10K SAS硬盘", 168000, 1}}},
			{2, "服务器电源告警", "服务器冗余电源告警，一路电源灯不亮", "1号电源模块损坏",
				"更换电源模块，检查UPS输出电压", "双路电源工作正常，告警消除", "服务器硬件更换",
				[]part{{"-PSU-750W", "750W热插拔电源模块", 126000, 1}}},
			{2, "服务器自动重启", "服务器频繁自动重启，业务系统无法访问", "日志显示内存ECC多位错误，定位为B2插槽内存",
				"更换故障内存，更新BIOS和BMC固件", "连续压力测试2小时无报错", "服务器故障诊断",
				[]part{{"-RDIMM-32G", "32GB DDR4 RDIMM内存", 158000, 1}}},
			{3, "网络时断时续", "办公室网络时断时续，部分电脑无法上网", "交换机存在环路，生成树协议未开启",
				"排查网线连接，拆除环路并开启STP，划分VLAN", "网络连接稳定，持续ping测试丢包率为0", "网络排障调试",
				[]part{{"GEN-CAT6-3M", "六类网线 3米", 1500, 4}, {"GEN-RJ45-C6", "六类水晶头（盒）", 4500, 1}}},
			{3, "WiFi信号差", "会议室WiFi信号弱，视频会议卡顿", "无线AP覆盖不足，信道干扰严重",
				"新增吸顶无线AP一台，调整信道和发射功率", "会议室信号强度-55dBm，视频会议流畅", "无线网络优化",
				[]part{{"-AP-WIFI6", "WiFi 6 吸顶式无线AP", 89000, 1}}},
			{3, "路由器频繁重启", "路由器频繁重启，全公司断网", "路由器电源适配器老化，输出电压不稳",
				"更换电源适配器，备份并优化配置", "连续运行4小时无重启", "网络设备检修",
				[]part{{"-PWR-12V2A", "电源适配器 12V 2A", 8500, 1}}},
			{3, "交换机端口不亮", "交换机多个端口指示灯不亮，对应工位无法上网", "雷击导致端口芯片损坏",
				"更换交换机，迁移配置并重新理线", "全部端口连通测试正常", "网络设备更换",
				[]part{{"-SW-24GE", "24口千兆交换机", 159000, 1}}},
		},
	},
	{
		key: EquipmentRepair, assetKind: fieldbook.AssetEquipment, companyPct: 100, weight: 18,
		rates:    []int64{15000, 18000, 20000},
		techs:    []int{1, 2, 5, 8, 9},
		warranty: []int{12, 12, 24},
		requirements: []string{
			"尽快恢复生产", "按保养合同执行", "需出具维修报告", "停机时间不超过4小时",
			"周末停产期间进行", "更换原厂配件", "维修后试车，车间主任确认",
		},
		models: []model{
			{cat: 0, name: "沈阳机床 i5M4.5 立式加工中心", short: "i5M4.5 加工中心", serial: "SY####-####", code: "SY", class: "A"},
			{cat: 0, name: "大连机床 CKA6150 数控车床", short: "CKA6150 数控车床", serial: "DL##-#####", code: "DL", class: "B"},
			{cat: 0, name: "海天精工 VMC850 立式加工中心", short: "VMC850 加工中心", serial: "VMC850-##@####", code: "HT", class: "A"},
			{cat: 0, name: "FANUC Robodrill D21MiB5 钻攻中心", short: "FANUC D21MiB5", serial: "P##@#####", code: "FANUC", class: "A"},
			{cat: 1, name: "阿特拉斯·科普柯 GA37VSD+ 螺杆空压机", short: "阿特拉斯 GA37", serial: "API#######", code: "AC", class: "B"},
			{cat: 1, name: "英格索兰 R55i 螺杆空压机", short: "英格索兰 R55i", serial: "UP####-@####", code: "IR", class: "B"},
			{cat: 1, name: "复盛 SA-37A 螺杆空压机", short: "复盛 SA-37A", serial: "FS####-####", code: "FS", class: "C"},
			{cat: 2, name: "WNS2-1.25-Q 燃气蒸汽锅炉", short: "WNS2 燃气锅炉", serial: "G20##-###", code: "GL", class: "A"},
			{cat: 2, name: "ZKS-1.4 燃气真空热水锅炉", short: "ZKS 真空锅炉", serial: "ZK##-####", code: "GL", class: "A"},
			{cat: 3, name: "奥的斯 GeN2-MRL 乘客电梯", short: "奥的斯 GeN2", serial: "#@######", code: "OTIS", class: "A"},
			{cat: 3, name: "通力 KONE MonoSpace 乘客电梯", short: "通力 MonoSpace", serial: "4########", code: "KONE", class: "A"},
			{cat: 3, name: "日立 HGP 乘客电梯", short: "日立 HGP", serial: "H##@#####", code: "HIT", class: "A"},
			{cat: 4, name: "海天 MA1600III 注塑机", short: "海天 MA1600", serial: "MA1600##@####", code: "HT", class: "B"},
			{cat: 4, name: "合力 CPD25 电动叉车", short: "合力 CPD25", serial: "#####@####", code: "HL", class: "C"},
			{cat: 4, name: "开利 30XA 风冷螺杆冷水机组", short: "开利 30XA", serial: "####Q#####", code: "CR", class: "B"},
		},
		scenarios: []scenario{
			{0, "主轴异响", "主轴高速运转时异响，加工工件表面有振纹", "主轴前轴承磨损，预紧力下降",
				"拆卸主轴，更换前轴承组并重新调整预紧力，做动平衡校正", "试车主轴8000rpm运行30分钟无异响，试切工件表面粗糙度Ra1.6合格", "主轴拆装维修",
				[]part{{"NSK-7014CTYNSULP4", "主轴角接触轴承 7014C", 286000, 2}}},
			{0, "伺服报警", "系统报警“SV0401 伺服未就绪”，机床无法启动", "X轴伺服放大器电源模块故障",
				"更换伺服放大器，备份并恢复参数", "回零正常，试运行加工程序无报警", "数控系统维修",
				[]part{{"FANUC-A06B-6117-H105", "伺服放大器", 1280000, 1}}},
			{0, "一级保养", "按计划进行月度一级保养", "导轨润滑油不足，切削液浓度偏低，过滤网堵塞",
				"清洁导轨与防护罩，补充导轨油，清洗切削液箱过滤网并调整浓度，检查气压与急停按钮", "保养完成，设备运行正常", "一级保养",
				[]part{{"MOBIL-VACTRA2-4L", "美孚 Vactra 2号导轨油 4L", 32000, 1}, {"GEN-FLT-CL", "切削液过滤网", 4500, 1}}},
			{0, "刀库卡刀", "自动换刀时刀库卡刀，报警停机", "刀库定位销磨损，气缸电磁阀动作不到位",
				"更换刀库定位销和电磁阀，重新调整换刀点", "连续换刀200次无异常", "刀库维修",
				[]part{{"-ATC-PIN", "刀库定位销", 18000, 1}, {"SMC-SY5120-5DZ", "SMC 电磁阀", 42000, 1}}},
			{1, "空压机高温停机", "空压机排气温度超过110℃高温停机", "油冷却器散热片积尘堵塞，润滑油老化",
				"清洗油冷却器，更换润滑油和机油滤芯", "满载运行1小时，排气温度稳定在85℃", "空压机维修",
				[]part{{"-OIL-20L", "螺杆空压机专用润滑油 20L", 168000, 1}, {"-OF-1613", "机油滤芯", 32000, 1}}},
			{1, "空压机二级保养", "累计运行4000小时，按计划进行二级保养", "油气分离器压差达0.1MPa，需更换",
				"更换油气分离器、空气滤芯、机油滤芯及润滑油，检查皮带张紧度", "试车运行30分钟，压力、温度正常", "二级保养",
				[]part{{"-OS-2901", "油气分离器", 98000, 1}, {"-AF-1613", "空气滤芯", 28000, 1}, {"-OF-1613", "机油滤芯", 32000, 1}, {"-OIL-20L", "螺杆空压机专用润滑油 20L", 168000, 1}}},
			{1, "空压机压力不足", "加载后压力只能到0.55MPa，达不到设定的0.75MPa", "进气阀阀片卡滞，车间管路有两处泄漏",
				"拆检进气阀并更换维修包，处理车间管路漏点", "压力可达0.8MPa，加卸载正常", "空压机维修",
				[]part{{"-IV-KIT", "进气阀维修包", 46000, 1}}},
			{2, "锅炉点火失败", "锅炉点火失败，燃烧器报警锁定", "点火电极积碳，火焰探测器灵敏度下降",
				"清洁点火电极并调整间隙，更换火焰探测器", "连续点火10次成功，燃烧稳定", "燃烧器维修",
				[]part{{"RIELLO-3002278", "火焰探测器", 86000, 1}}},
			{2, "锅炉年度检修", "锅炉年度计划性检修，配合特种设备定期检验", "水位计玻璃管结垢，安全阀到期需校验",
				"清洗水位计并除垢，校验安全阀与压力表，检查燃气管路气密性", "检修完成，各安全附件校验合格", "计划性检修",
				[]part{{"GEN-PG-1.6", "压力表 0-1.6MPa", 12000, 2}, {"GEN-LG-TUBE", "水位计玻璃管", 6500, 2}}},
			{2, "给水泵异响", "锅炉给水泵运行时异响，出水压力低", "水泵机械密封损坏漏水，叶轮磨损",
				"更换机械密封与叶轮", "给水泵运行平稳，出口压力0.6MPa", "水泵维修",
				[]part{{"GEN-MS-25", "机械密封", 38000, 1}, {"GEN-IMP-50", "水泵叶轮", 52000, 1}}},
			{3, "电梯困人", "电梯运行中停在两层之间困人，已安全救援", "门锁回路接触不良，安全回路断开",
				"清洁并调整各层门锁触点，更换3楼层门门锁", "试运行50次，平层准确，无异常停梯", "电梯故障维修",
				[]part{{"-DL-LOCK", "层门门锁", 46000, 1}}},
			{3, "电梯半月保养", "按TSG T5002进行半月维护保养", "轿厢照明一处损坏，导靴衬磨损",
				"检查曳引机、制动器、门系统、安全钳等项目，更换轿厢照明灯和导靴衬", "保养项目全部合格，已填写维保记录", "电梯维保",
				[]part{{"-GS-LINER", "导靴衬", 6000, 4}, {"GEN-LED-12W", "LED轿厢照明灯", 3500, 1}}},
			{3, "电梯门反复开关", "电梯门反复开关，无法关闭运行", "门光幕发射端受损，信号间歇中断",
				"更换门光幕并调整门机参数", "门机动作正常，运行平稳", "电梯故障维修",
				[]part{{"-LC-2000", "门光幕", 68000, 1}}},
			{4, "液压油温高", "注塑机液压油温高于60℃，产品尺寸不稳", "冷却器结垢，冷却水流量不足",
				"酸洗冷却器，清理过滤器，更换液压油滤芯", "油温稳定在45℃，产品尺寸合格", "液压系统维修",
				[]part{{"-HF-10", "液压油滤芯", 26000, 1}}},
			{4, "设备无法启动", "设备上电后仪表报错，无法运行", "主控制器故障，控制电源电压偏低",
				"更换主控制器，检查并紧固控制回路接线", "运行测试正常，无报错", "电气故障维修",
				[]part{{"-CTRL-MAIN", "主控制器", 420000, 1}}},
			{4, "高压报警", "机组频繁高压报警停机", "冷凝器翅片脏堵，风扇电机轴承损坏",
				"清洗冷凝器翅片，更换风机电机", "满负荷运行2小时无报警", "制冷系统维修",
				[]part{{"-FAN-MOTOR", "风机电机", 186000, 1}}},
		},
	},
	{
		key: VehicleService, assetKind: fieldbook.AssetVehicle, companyPct: 12, weight: 24,
		rates:    []int64{10000, 12000, 16000},
		techs:    []int{3, 5, 7, 8, 11},
		warranty: []int{36, 36, 24},
		requirements: []string{
			"做完保养顺便检查底盘", "需要当天提车", "使用原厂配件", "先报价，同意后再维修",
			"需要免费洗车", "旧件带走", "新增维修项目请先电话确认",
		},
		models: []model{
			{cat: 0, name: "大众 朗逸 1.5L 自动舒适版", short: "大众 朗逸 1.5L", serial: "LSV", code: "VW"},
			{cat: 0, name: "大众 帕萨特 330TSI 豪华版", short: "大众 帕萨特 330TSI", serial: "LSV", code: "VW"},
			{cat: 0, name: "丰田 卡罗拉 1.2T S-CVT", short: "丰田 卡罗拉 1.2T", serial: "LVG", code: "TY"},
			{cat: 0, name: "本田 雅阁 260TURBO 豪华版", short: "本田 雅阁 260TURBO", serial: "LHG", code: "HD"},
			{cat: 0, name: "日产 轩逸 1.6L XL CVT", short: "日产 轩逸 1.6L", serial: "LGB", code: "NS"},
			{cat: 0, name: "别克 英朗 1.3T", short: "别克 英朗 1.3T", serial: "LSG", code: "BK"},
			{cat: 0, name: "吉利 博越L 2.0TD", short: "吉利 博越L", serial: "L6T", code: "GL"},
			{cat: 0, name: "长安 CS75 PLUS 1.5T", short: "长安 CS75 PLUS", serial: "LS5", code: "CA"},
			{cat: 0, name: "宝马 5系 530Li 领先型", short: "宝马 530Li", serial: "LBV", code: "BMW"},
			{cat: 0, name: "奔驰 C260L 运动版", short: "奔驰 C260L", serial: "LE4", code: "MB"},
			{cat: 0, name: "奥迪 A4L 40 TFSI", short: "奥迪 A4L", serial: "LFV", code: "AD"},
			{cat: 0, name: "哈弗 H6 1.5T", short: "哈弗 H6", serial: "LGW", code: "HV"},
			{cat: 0, name: "比亚迪 秦PLUS DM-i 55km", short: "比亚迪 秦PLUS DM-i", serial: "LGX", code: "BYD", green: true},
			{cat: 1, name: "特斯拉 Model 3 后轮驱动版", short: "特斯拉 Model 3", serial: "LRW", code: "TSL", green: true},
			{cat: 1, name: "比亚迪 海豚 405km", short: "比亚迪 海豚", serial: "LGX", code: "BYD", green: true},
			{cat: 1, name: "小鹏 P7 586G", short: "小鹏 P7", serial: "LMV", code: "XP", green: true},
		},
		scenarios: []scenario{
			{0, "常规保养", "到达保养周期，进行常规保养", "机油已到更换周期，空气滤芯脏污",
				"更换机油、机油滤清器、空气滤芯，检查底盘、灯光与轮胎，复位保养提示", "保养完成，车辆各项检查正常", "常规保养",
				[]part{{"CASTROL-EDGE-5W30-4L", "嘉实多极护 5W-30 机油 4L", 39800, 1}, {"-OF-115561", "机油滤清器", 6800, 1}, {"-AF-129620", "空气滤芯", 9800, 1}}},
			{0, "发动机故障灯亮", "仪表发动机故障灯亮，怠速抖动", "读取故障码P0302（2缸失火），2缸点火线圈损坏，火花塞积碳",
				"更换2缸点火线圈和全部火花塞，清除故障码", "路试20公里怠速平稳，故障灯未再亮", "发动机检修",
				[]part{{"-IC-905110", "点火线圈", 42000, 1}, {"NGK-ILKAR7B11", "NGK 铱金火花塞", 6800, 4}}},
			{0, "发动机渗油", "车库地面有油渍，发动机底部有油迹", "气门室盖垫老化渗油",
				"更换气门室盖垫，清洁发动机舱", "热车30分钟无渗漏", "发动机检修",
				[]part{{"-VCG-103483", "气门室盖垫", 18000, 1}}},
			{0, "无法启动", "早上无法启动，打火无反应", "蓄电池老化，检测CCA值仅为标称值的45%",
				"更换蓄电池，检测发电机充电电压14.2V", "启动正常，充电系统正常", "电气检修",
				[]part{{"VARTA-H6-70-L-T2", "瓦尔塔蓄电池 H6-70", 68000, 1}}},
			{0, "变速箱顿挫", "低速换挡顿挫，起步有冲击感", "变速箱油老化变黑，换挡自适应值偏差",
				"更换变速箱油并进行自适应学习", "路试换挡平顺", "变速箱保养",
				[]part{{"-ATF-G055", "自动变速箱油 1L", 12000, 6}}},
			{-1, "刹车异响", "刹车时有尖锐异响，制动距离变长", "前刹车片磨损至极限（剩余2mm），刹车盘有轻微沟槽",
				"更换前刹车片，打磨刹车盘，检测刹车油含水量", "路试制动正常，无异响", "制动系统维修",
				[]part{{"BOSCH-0986AB2731", "博世前刹车片", 48000, 1}}},
			{-1, "空调不制冷", "空调出风不凉，压缩机频繁启动", "冷媒泄漏，低压管接头O型圈老化",
				"更换O型圈，抽真空后加注冷媒，更换空调滤芯", "出风口温度6℃，制冷正常", "空调系统维修",
				[]part{{"GEN-ORING-AC", "空调管O型圈", 1500, 2}, {"GEN-R134A-500G", "R134a 冷媒 500g", 18000, 1}, {"-CF-819653", "空调滤芯", 8800, 1}}},
			{-1, "轮胎鼓包", "右前轮胎侧壁鼓包", "轮胎侧壁帘线断裂，无法修补",
				"更换轮胎并做动平衡和四轮定位", "高速路试无抖动", "轮胎更换",
				[]part{{"MICHELIN-225/45R17", "米其林 225/45R17 轮胎", 89000, 1}}},
			{-1, "方向跑偏", "高速行驶方向跑偏，方向盘不正", "四轮定位参数偏差，前束超差",
				"进行四轮定位调整，检查转向拉杆球头", "路试直行不跑偏，方向盘回正", "四轮定位", nil},
			{-1, "底盘异响", "过减速带时底盘有咯噔异响", "左前下摆臂球头松旷",
				"更换左前下摆臂，紧固底盘螺栓", "路试异响消除", "底盘维修",
				[]part{{"-CA-407151", "左前下摆臂", 56000, 1}}},
			{-1, "车窗无法升降", "左后车窗无法升降", "玻璃升降器电机损坏",
				"拆卸门内饰板，更换升降器总成", "车窗升降顺畅，防夹功能正常", "车身电器维修",
				[]part{{"-WR-839461", "车窗升降器总成", 45000, 1}}},
			{-1, "保险杠刮擦", "后保险杠刮擦掉漆", "漆面损伤，无结构性损伤",
				"打磨、喷漆、烤漆、抛光", "漆面平整，无明显色差", "钣金喷漆",
				[]part{{"PPG-PAINT", "面漆及辅料", 30000, 1}}},
			{1, "无法充电", "车辆无法交流充电，插枪后无反应", "充电口温度传感器故障",
				"更换交流充电座，清除故障码", "交流7kW充电正常", "充电系统维修",
				[]part{{"-ACP-7KW", "交流充电座", 126000, 1}}},
			{1, "三电检测保养", "按保养周期进行三电系统检测", "动力电池SOH 96%，冷却液液位正常",
				"检测动力电池、电机、电控，更换空调滤芯，补充玻璃水，升级车机软件", "检测完成，车辆状态良好", "新能源保养",
				[]part{{"-CF-HEPA", "空调滤芯", 8800, 1}}},
			{1, "续航下降", "满电续航里程明显下降", "动力电池单体压差偏大（0.15V）",
				"进行动力电池均衡维护，更新BMS软件", "单体压差降至0.02V，续航恢复", "动力电池均衡维护", nil},
		},
	},
	{
		key: ApplianceRepair, assetKind: fieldbook.AssetProduct, companyPct: 8, weight: 22,
		rates:    []int64{8000, 9000, 10000},
		techs:    []int{1, 3, 6, 7, 11},
		warranty: []int{12, 36, 36},
		requirements: []string{
			"尽快上门", "周末上门", "先报价再维修", "上门前电话联系", "家中有老人，请准时上门", "维修后请清理现场",
		},
		models: []model{
			{cat: 0, name: "格力 KFR-35GW/(35592)FNhAa-B1 云佳 1.5匹", short: "格力 云佳 1.5匹", serial: "@#####*########", code: "GREE"},
			{cat: 0, name: "美的 KFR-26GW/N8XHC1 酷省电 大1匹", short: "美的 酷省电", serial: "51#####*######", code: "MD"},
			{cat: 0, name: "海尔 KFR-72LW/81@UB1 3匹柜机", short: "海尔 3匹柜机", serial: "AA8@#****#####", code: "HR"},
			{cat: 0, name: "大金 FTXR236WC-W 1匹", short: "大金 FTXR236", serial: "E######", code: "DK"},
			{cat: 1, name: "海尔 EC6002-MC3 60升电热水器", short: "海尔 EC6002", serial: "GA0@#****#####", code: "HR"},
			{cat: 1, name: "A.O.史密斯 E60VN3-C 电热水器", short: "A.O.史密斯 E60VN3", serial: "##@#######", code: "AOS"},
			{cat: 1, name: "美的 F6030-JA1(HE) 电热水器", short: "美的 F6030", serial: "52#####*######", code: "MD"},
			{cat: 2, name: "小天鹅 TG100V88WMUIADY5 滚筒洗衣机", short: "小天鹅 TG100V88", serial: "53#####*######", code: "LS"},
			{cat: 2, name: "海尔 EG100MATE2S 滚筒洗衣机", short: "海尔 EG100MATE2S", serial: "CEA#*****#####", code: "HR"},
			{cat: 2, name: "西门子 WM12P2602W 滚筒洗衣机", short: "西门子 WM12P2602W", serial: "###########", code: "BSH"},
			{cat: 3, name: "美的 BCD-508WKPZM(E) 对开门冰箱", short: "美的 BCD-508", serial: "54#####*######", code: "MD"},
			{cat: 3, name: "海尔 BCD-470WDPG 十字对开门冰箱", short: "海尔 BCD-470", serial: "BE0@#****#####", code: "HR"},
			{cat: 4, name: "方太 CXW-258-JCD10TQ 吸油烟机", short: "方太 JCD10TQ", serial: "FT##########", code: "FT"},
			{cat: 5, name: "林内 RUS-16QD31 燃气热水器", short: "林内 RUS-16QD31", serial: "R#@#######", code: "RN"},
			{cat: 5, name: "能率 GQ-16E3FEX 燃气热水器", short: "能率 GQ-16E3", serial: "N##########", code: "NR"},
		},
		scenarios: []scenario{
			{0, "空调不制冷", "空调制冷效果差，出风不凉", "系统缺氟，低压压力0.3MPa，室外机高压阀接口有泄漏",
				"补焊漏点，抽真空后加注R32冷媒", "低压压力0.9MPa，出风温度12℃", "空调检修加氟",
				[]part{{"GEN-R32-1KG", "R32 冷媒 1kg", 18000, 1}, {"GEN-WELD", "铜管焊接材料", 3000, 1}}},
			{0, "空调漏水", "空调室内机滴水", "排水管堵塞，室内机安装略有倾斜",
				"疏通排水管，调整室内机水平，清洗蒸发器", "运行2小时无滴水", "空调疏通清洗", nil},
			{0, "空调报E1", "空调开机显示E1故障代码，无法启动", "室内外机通讯线接头氧化，室外机主板损坏",
				"更换室外机主板，重新压接通讯线", "开机运行正常，制冷良好", "空调电控维修",
				[]part{{"-PCB-OUT", "室外机主板", 46000, 1}}},
			{0, "空调移机", "客户搬家，需要空调移机", "原机运行正常，新位置需加长铜管",
				"回收冷媒后拆机，新位置打孔安装，加长铜管1.5米，抽真空试机", "安装牢固，试机制冷正常", "空调移机安装",
				[]part{{"GEN-CU-1.5M", "加长铜管 1.5米", 9000, 1}, {"GEN-BRKT", "室外机支架", 8000, 1}}},
			{1, "热水器不加热", "电热水器通电后不加热", "加热管结垢烧断，温控器损坏",
				"更换加热管和温控器，清洗内胆水垢，更换镁棒", "加热正常，出水温度可达60℃", "热水器维修",
				[]part{{"-HT-2000W", "加热管 2000W", 15000, 1}, {"-TC-75", "温控器", 6500, 1}, {"-MG-ROD", "镁棒", 5800, 1}}},
			{1, "热水器漏电跳闸", "热水器一开机漏电保护就跳闸", "加热管绝缘损坏，对地漏电",
				"更换加热管，检测绝缘电阻大于2MΩ", "连续加热1小时无跳闸", "热水器维修",
				[]part{{"-HT-2000W", "加热管 2000W", 15000, 1}}},
			{1, "热水器滴水", "热水器泄压阀口持续滴水", "泄压阀密封老化",
				"更换泄压阀，检查进水压力", "无滴水，进水压力0.35MPa正常", "热水器维修",
				[]part{{"-PRV-0.8", "泄压阀", 4500, 1}}},
			{2, "洗衣机不排水", "洗衣机显示E21，不排水", "排水泵过滤器被硬币、发卡等异物堵塞",
				"清理排水泵过滤器及异物，检查排水管", "排水、脱水正常", "洗衣机维修", nil},
			{2, "脱水异响", "脱水时噪音大，机身剧烈振动", "滚筒轴承磨损",
				"拆机更换轴承和油封", "脱水运行平稳，噪音正常", "洗衣机拆机维修",
				[]part{{"-BRG-KIT", "轴承油封套件", 28000, 1}}},
			{2, "门锁打不开", "洗涤结束后门锁打不开", "门锁开关故障",
				"更换门锁总成", "开关门正常", "洗衣机维修",
				[]part{{"-DOOR-LOCK", "门锁总成", 12000, 1}}},
			{3, "冷藏室不冷", "冰箱冷藏室不冷，冷冻室正常", "蒸发器结冰堵塞风道，化霜加热丝损坏",
				"更换化霜加热丝，手动化霜", "运行4小时冷藏室温度降至4℃", "冰箱维修",
				[]part{{"-DEF-HEATER", "化霜加热丝", 12000, 1}}},
			{3, "冰箱异响", "冰箱运行时声音很大", "冷冻室风扇电机轴承磨损",
				"更换冷冻风扇电机", "运行噪音正常", "冰箱维修",
				[]part{{"-FAN-DC12V", "冷冻风扇电机", 9800, 1}}},
			{4, "油烟机吸力小", "油烟机吸力明显下降，运转有异响", "风轮油污积聚导致失衡",
				"拆洗风轮、蜗壳，检查止回阀", "吸力恢复，运转平稳", "油烟机深度清洗", nil},
			{5, "热水器点不着火", "燃气热水器打不着火，显示故障代码11", "点火针积碳，水流量传感器灵敏度下降",
				"清洁点火针，更换水流量传感器", "点火正常，出水恒温", "燃气热水器维修",
				[]part{{"-WFS", "水流量传感器", 9500, 1}}},
			{5, "水温忽冷忽热", "洗澡时水温忽冷忽热", "比例阀故障，燃气压力调节不稳",
				"更换比例阀，调整最小燃气压力", "出水温度波动在±1℃以内", "燃气热水器维修",
				[]part{{"-PV", "比例阀", 16000, 1}}},
		},
	},
	{
		key: SiteAcceptance, companyPct: 25, weight: 8,
		rates: []int64{15000, 18000},
		techs: []int{2, 4, 5, 10},
		requirements: []string{
			"按合同约定项目验收并出具验收单", "问题项列明整改期限", "甲乙双方代表到场签字", "问题部位拍照留存",
		},
		scenarios: []scenario{
			{-1, "竣工验收", "装修工程完工，申请竣工验收", "存在问题：1.总闸无电盒。2.楼梯中段第三台阶断裂。3.水表未接。",
				"按验收单逐项检查墙壁、地砖、水电管道线路、墙砖、卫生间、淋浴间、暖气，敲击检查墙地砖空鼓",
				"验收合格项：墙壁、地砖、墙砖、卫生间、淋浴间、暖气；存在问题3项，乙方承诺7日内整改后复验", "现场验收", nil},
			{0, "水电隐蔽工程验收", "水电改造完工，申请隐蔽工程验收", "存在问题：1.厨房插座回路未单独设置漏电保护。2.卫生间冷热水管间距不足。",
				"打压试验0.8MPa保压30分钟，逐个回路通电测试，检查线管走向并拍照存档",
				"打压试验无渗漏，存在问题2项，限期3日内整改", "隐蔽工程验收", nil},
			{-1, "闭水试验验收", "卫生间防水施工完成，闭水试验48小时后验收", "楼下顶面及墙角无渗漏，防水层涂刷高度符合要求",
				"检查楼下顶面及墙角，测量淋浴区防水涂刷高度1.8米", "闭水试验合格，可进行下道工序", "闭水试验验收", nil},
			{0, "交付验房", "精装修房交付验房", "存在问题：1.客厅地砖空鼓率约4%，超过3%。2.主卧门套有钉眼。3.卫生间门口无挡水条。",
				"检查厨卫上下水、漏电保护器测试、插座逐个通电、瓷砖空鼓、地板、门窗、五金油漆及边角",
				"共检查246项，合格232项，不合格14项，已拍照记录并交开发商整改", "验房", nil},
			{1, "办公室装修验收", "办公室装修改造工程完工验收", "存在问题：1.会议室吊顶一处裂缝。2.网络插座2个不通。",
				"检查吊顶、隔断、地面、强弱电点位、消防喷淋和烟感位置", "主体验收合格，2项问题限期整改", "现场验收", nil},
			{-1, "瓷砖分项验收", "墙地砖铺贴完成，申请分项验收", "抽查空鼓率1.5%，未超过3%；厨房部分嵌缝不平",
				"用空鼓锤敲击砖面四角与中间，检查平整度与嵌缝", "分项验收合格，嵌缝问题已现场整改", "分项验收", nil},
			{-1, "整改复验", "对上次验收存在问题进行复验", "上次3项问题已整改2项，水表仍未接",
				"逐项核对整改情况并拍照", "复验基本合格，水表待自来水公司安装后确认", "复验",
				[]part{{"GEN-DOCBOX", "总闸电盒", 3500, 1}}},
			{0, "地暖打压验收", "地暖管道铺设完成，申请打压验收", "打压0.6MPa保压24小时，压降0.02MPa，无渗漏",
				"检查分集水器、管道间距及保温层，打压保压", "地暖打压验收合格", "打压验收", nil},
		},
	},
}

func init() {
	for i := range kinds {
		k := &kinds[i]
		ncat := 1
		for _, m := range k.models {
			ncat = max(ncat, m.cat+1)
		}
		for _, sc := range k.scenarios {
			ncat = max(ncat, sc.cat+1)
		}
		k.byCat = make([][]int, ncat)
		for c := range ncat {
			for j, s := range k.scenarios {
				if s.cat == c || s.cat == -1 {
					k.byCat[c] = append(k.byCat[c], j)
				}
			}
		}
	}
}
