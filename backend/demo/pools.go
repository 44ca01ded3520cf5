package demo

import "fieldbook/backend/fieldbook"

// People, places and words shared by every job type.

// surnames are the common Chinese family names, the most frequent repeated
// so that they come up more often (王, 李, 张, 刘, 陈 cover about a third of
// the population); two compound surnames appear now and then.
var surnames = []string{
	"王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "陈", "陈",
	"杨", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
	"高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶",
	"程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
	"陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟",
	"熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔", "汤",
	"欧阳", "司马",
}

// givenNames are common given names of one or two characters, across
// generations (秀英, 桂兰 … 子涵, 欣怡).
var givenNames = []string{
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
	"娟", "涛", "明", "超", "霞", "平", "刚", "鹏", "华", "飞", "波", "斌", "辉",
	"秀英", "秀兰", "桂英", "玉兰", "建华", "建国", "建军", "志强", "海燕", "晓东",
	"文博", "子涵", "浩然", "欣怡", "雨桐", "宇轩", "梓萱", "思远", "国强", "丽华",
	"红梅", "春华", "志明", "俊杰", "佳怡", "晨曦", "海涛", "明辉", "丽娟", "立新",
	"文静", "晓燕", "永刚", "振宇", "雪梅", "金凤", "德华", "一鸣", "嘉欣", "子轩",
}

// Profile is the person and the company a demo laptop works as: the
// first of the technicians, alone, for an invented service company.
func Profile() (fieldbook.Technician, fieldbook.Company) {
	return fieldbook.Technician{Name: technicians[0], Phone: "13800000000", EmployeeNo: "DEMO-01"},
		fieldbook.Company{Name: "演示服务中心（示例数据）", Address: "上海市徐汇区漕溪北路 88 号", Phone: "021-5555 0000"}
}

// technicians are the service engineers a job is assigned to.
var technicians = []string{
	"张建国", "李志强", "王海涛", "刘洋", "陈俊杰", "杨晓东",
	"赵磊", "黄志明", "周国栋", "吴斌", "徐文博", "孙丽娟",
}

// city is where a customer lives or works: the address prefix, the landline
// area code, the plate prefixes, districts, roads and residential compounds.
type city struct {
	prefix    string // address prefix: 上海市 or 广东省深圳市
	short     string // in company names: 上海, 深圳
	areaCode  string
	plates    []string // 沪A, 沪B …
	districts []string
	roads     []string
}

// cities, the big ones repeated to weigh them.
var cities = []city{
	{"上海市", "上海", "021", []string{"沪A", "沪B", "沪C", "沪D", "沪E", "沪F"},
		[]string{"浦东新区", "徐汇区", "闵行区", "静安区", "杨浦区", "宝山区", "嘉定区", "松江区", "长宁区", "普陀区"},
		[]string{"张江路", "漕宝路", "虹梅路", "莲花路", "南京西路", "淮海中路", "碧波路", "世纪大道", "沪太路", "曹安公路", "古北路", "龙华中路"}},
	{"北京市", "北京", "010", []string{"京A", "京B", "京C", "京E", "京F", "京N", "京Q"},
		[]string{"朝阳区", "海淀区", "丰台区", "东城区", "西城区", "通州区", "昌平区", "大兴区"},
		[]string{"建国路", "中关村大街", "学院路", "望京街", "西直门外大街", "丰台北路", "酒仙桥路", "回龙观西大街", "亦庄经海路"}},
	{"广东省深圳市", "深圳", "0755", []string{"粤B"},
		[]string{"南山区", "福田区", "宝安区", "龙岗区", "龙华区", "罗湖区"},
		[]string{"深南大道", "科苑路", "宝安大道", "华强北路", "滨海大道", "留仙大道", "布吉路", "民治大道"}},
	{"广东省广州市", "广州", "020", []string{"粤A"},
		[]string{"天河区", "越秀区", "海珠区", "白云区", "番禺区", "黄埔区"},
		[]string{"天河路", "中山大道", "广州大道", "环市东路", "工业大道", "科学大道", "迎宾路"}},
	{"浙江省杭州市", "杭州", "0571", []string{"浙A"},
		[]string{"西湖区", "滨江区", "余杭区", "拱墅区", "上城区", "萧山区"},
		[]string{"文三路", "江南大道", "文一西路", "莫干山路", "解放路", "市心中路", "网商路"}},
	{"江苏省苏州市", "苏州", "0512", []string{"苏E", "苏U"},
		[]string{"工业园区", "姑苏区", "吴中区", "相城区", "虎丘区", "吴江区"},
		[]string{"星湖街", "金鸡湖大道", "人民路", "干将路", "长江路", "东环路", "苏州大道"}},
	{"江苏省南京市", "南京", "025", []string{"苏A"},
		[]string{"玄武区", "鼓楼区", "建邺区", "江宁区", "秦淮区", "栖霞区"},
		[]string{"中山路", "江东中路", "汉中路", "龙蟠路", "胜太路", "仙林大道"}},
	{"天津市", "天津", "022", []string{"津A", "津B", "津C", "津D"},
		[]string{"和平区", "南开区", "河西区", "滨海新区", "西青区"},
		[]string{"南京路", "卫津路", "黄河道", "友谊路", "第三大街"}},
	{"四川省成都市", "成都", "028", []string{"川A", "川G"},
		[]string{"武侯区", "锦江区", "高新区", "金牛区", "成华区", "双流区"},
		[]string{"天府大道", "人民南路", "蜀汉路", "府青路", "红星路", "科华北路"}},
	{"湖北省武汉市", "武汉", "027", []string{"鄂A"},
		[]string{"武昌区", "洪山区", "江汉区", "汉阳区", "东湖高新区", "江岸区"},
		[]string{"珞喻路", "中北路", "解放大道", "汉阳大道", "光谷大道", "建设大道"}},
	{"河南省郑州市", "郑州", "0371", []string{"豫A"},
		[]string{"金水区", "二七区", "中原区", "管城回族区", "郑东新区"},
		[]string{"花园路", "农业路", "中原路", "商都路", "金水路", "文化路"}},
	{"山东省青岛市", "青岛", "0532", []string{"鲁B", "鲁U"},
		[]string{"市南区", "市北区", "崂山区", "黄岛区", "李沧区"},
		[]string{"香港中路", "辽阳西路", "株洲路", "长江中路", "九水东路"}},
	{"陕西省西安市", "西安", "029", []string{"陕A", "陕U"},
		[]string{"雁塔区", "碑林区", "未央区", "长安区", "高新区"},
		[]string{"科技路", "长安南路", "太白南路", "凤城八路", "锦业路"}},
}

// cityWeights picks a city: Shanghai, Beijing and Shenzhen more often.
var cityWeights = []int{0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12}

// compounds are residential compounds (小区).
var compounds = []string{
	"阳光花园", "锦绣家园", "翠湖苑", "世纪华庭", "金色港湾", "万科城市花园", "绿地新都会",
	"碧桂园", "中海国际社区", "保利香槟国际", "龙湖春江郦城", "华润橡树湾", "东方明珠苑", "幸福里",
}

// parks are office and industrial parks.
var parks = []string{"科技园", "创新产业园", "软件园", "工业园", "创意园", "智造园", "国际商务中心", "高新产业基地"}

// Company names: city + trade name + trade + form.
var (
	tradeNames = []string{
		"华东", "恒通", "宏达", "鑫源", "瑞丰", "天成", "东方", "远景", "金桥", "顺达",
		"博远", "新锐", "中科", "汇智", "佳信", "永盛", "华信", "联创", "精工", "海纳",
	}
	itTrades        = []string{"电子科技", "软件技术", "信息技术", "会计师事务所", "贸易", "文化传媒", "教育咨询", "律师事务所", "物流", "设计"}
	industryTrades  = []string{"精密机械", "塑胶制品", "汽车零部件", "食品", "医疗器械", "包装材料", "纺织", "印务", "五金制品", "新材料"}
	propertyTrades  = []string{"物业管理", "酒店管理", "商业管理", "建筑装饰工程", "置业"}
	companyForms    = []string{"有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"}
	institutions    = []string{"第一人民医院", "第三人民医院", "中医院", "实验小学", "第二中学", "职业技术学院", "图书馆", "税务局办税服务厅"}
	companyDepts    = []string{"设备科", "行政部", "IT部", "后勤处", "工程部", "生产部", "采购部", "总经办"}
	individualNotes = []string{
		"上门前请先电话联系", "下午3点后家中有人", "小区门禁需登记", "老客户，多次报修", "周末方便上门",
		"地下车库B2层", "家中有老人，请准时上门",
	}
)

// mobilePrefixes are issued mainland mobile prefixes.
var mobilePrefixes = []string{
	"130", "131", "132", "133", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"166", "173", "176", "177", "178", "180", "181", "182", "183",
	"185", "186", "187", "188", "189", "191", "198", "199",
}

// Customer comments by satisfaction.
var (
	comments5 = []string{
		"满意，师傅很专业", "服务态度好，准时上门", "速度很快，问题解决了", "非常满意", "讲解很耐心，点赞",
		"师傅提前十分钟到达，很守时", "收费透明，满意", "维修效果很好，谢谢师傅", "穿鞋套铺垫布，很规范",
	}
	comments4 = []string{
		"整体满意，等配件时间稍长", "师傅比预约时间晚到了十分钟", "维修效果好，价格略高", "基本满意",
		"问题解决了，希望以后响应更快",
	}
	comments3 = []string{
		"问题解决了，但来回跑了两次", "上门时间一再推迟", "收费偏贵", "一般，希望提高效率",
	}
)

// Comments on a site acceptance.
var (
	siteComments5 = []string{"验收细致，问题列得很清楚", "满意", "按时到场，很专业", "整改要求明确，满意"}
	siteComments4 = []string{"整改期限希望再短一些", "基本满意", "验收时间比预约晚了一些", "希望验收报告尽快出具"}
)

// Repair histories of an asset that has none recorded in this data set.
var firstHistories = []string{
	"无维修记录", "无维修记录", "无维修记录", "首次报修", "曾在其他维修点维修过，具体不详", "购买后未做过保养",
}

// Generic endings of a result.
var resultTails = []string{
	"", "", "", "，已向客户讲解日常使用注意事项", "，已清洁现场", "，客户现场确认", "，已拍照存档",
}

// Generic endings of a symptom as the customer reports it.
var symptomTails = []string{
	"", "", "", "，已持续约一周", "，近两天频繁出现", "，影响正常使用", "，客户要求尽快处理",
}

// Follow-ups (回访 / next steps) and how many days later.
type followUp struct {
	text string
	days int
}

var followUps = []followUp{
	{"3日后电话回访使用情况", 3},
	{"一周后电话回访", 7},
	{"配件到货后再次上门更换", 5},
	{"一个月后回访，检查运行状态", 30},
	{"2小时内电话跟踪回访", 0},
}
